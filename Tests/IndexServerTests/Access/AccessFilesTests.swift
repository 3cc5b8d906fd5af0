import Foundation
import Testing
@testable import IndexServer

@Suite("Tokens and bans (files)")
struct AccessFilesTests {
    @Test("a token is shown once, kept only as its hash, found by its holder, and gone when revoked")
    func tokens() throws {
        var tokens = AccessTokens()
        let token = try tokens.add("ana", now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(token.hasPrefix("st_") && token.count == 67)
        #expect(!tokens.text.contains(token.dropFirst(3)), "the file never holds the token")
        #expect(tokens.holder(of: token) == "ana" && tokens.holder(of: token + "x") == nil)
        let reread = try AccessTokens(text: tokens.text)
        #expect(reread == tokens && reread.holder(of: token) == "ana")
        #expect(throws: AccessFileProblem.self) { try tokens.add("ana") }
        #expect(throws: AccessFileProblem.self) { try tokens.add("no spaces please") }
        #expect(tokens.revoke("ana") && tokens.holder(of: token) == nil && !tokens.revoke("ana"))
    }

    @Test("a damaged tokens file is an error naming the line")
    func badTokens() {
        #expect { try AccessTokens(text: "ana abc 1\n") } throws: { "\($0)" == "line 1: expected NAME SHA256 CREATED (a token line)" }
    }

    @Test("bans: single addresses, IPv4 and IPv6 ranges, IPv4-mapped addresses, and entries that end")
    func bans() throws {
        let text = """
            # troublemakers
            198.51.100.7
            203.0.113.0/24            # a whole network
            2001:db8::/32
            192.0.2.1 2000-01-01      # over long ago
            192.0.2.2 2999-01-01T00:00:00Z
            """
        let bans = try BanList(text: text)
        #expect(bans.count == 5)
        for banned in ["198.51.100.7", "203.0.113.200", "2001:db8:1::5", "::ffff:203.0.113.9", "192.0.2.2"] {
            #expect(bans.bans(banned), "\(banned)")
        }
        for free in ["198.51.100.8", "203.0.114.1", "2001:db9::1", "192.0.2.1", "127.0.0.1", "unknown"] {
            #expect(!bans.bans(free), "\(free)")
        }
    }

    @Test("an IPv4-mapped entry bans the IPv4 addresses; a day alone bans to its end; a bare slash is an error")
    func banDetails() throws {
        let mapped = try BanList(text: "::ffff:203.0.113.0/120")
        #expect(mapped.bans("203.0.113.77") && mapped.bans("::ffff:203.0.113.77") && !mapped.bans("203.0.114.1"))
        let today = try BanList(text: "192.0.2.9 2026-11-30")
        let noon = ISO8601DateFormatter().date(from: "2026-11-30T12:00:00Z")!
        #expect(today.bans("192.0.2.9", now: noon) && !today.bans("192.0.2.9", now: noon.addingTimeInterval(86400)))
        #expect(throws: AccessFileProblem.self) { try BanList(text: "1.2.3.4/") }
        #expect(throws: AccessFileProblem.self) { try AccessTokens(text: "ana \(String(repeating: "a", count: 64)) inf\n") }
    }

    @Test("a bad ban line is an error naming the line and what is wrong")
    func badBans() {
        #expect { try BanList(text: "10.0.0.0/8\n10.0.0.300\n") } throws: { "\($0)".hasPrefix("line 2: '10.0.0.300' is not an IPv4") }
        #expect { try BanList(text: "10.0.0.0/33") } throws: { "\($0)".contains("from 0 to 32") }
        #expect { try BanList(text: "::1 tomorrow") } throws: { "\($0)".contains("is not a date") }
    }
}
