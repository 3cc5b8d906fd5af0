import IndexServer
import Testing
import TestSupport

/// A private index (§9.2) and bans, against a running server with raw clients.
@Suite("Private index and bans")
struct PrivateIndexTests {
    static func privateIndex(_ tokens: AccessTokens) -> @Sendable (inout IndexServerConfiguration) -> Void {
        { configuration in
            configuration.access.requiresToken = true
            configuration.access.tokens = tokens
        }
    }

    @Test("only a HELLO with a valid token is admitted; anything else before it is 403 and closed; the same answer for a missing and a wrong token")
    func tokenGate() async throws {
        var tokens = AccessTokens()
        let token = try tokens.add("ana")
        try await TestIndex.with(Self.privateIndex(tokens)) { index in
            let good = try await index.connect()
            try await good.send("PING P2P-CI/2.1\r\n\r\n")
            #expect(try await good.response().status == .ok, "PING needs no token")
            try await good.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: \(token)\r\n\r\n")
            #expect(try await good.response().status == .ok)
            try await good.send("SEARCH P2P-CI/2.1\r\nQuery: anything\r\n\r\n")
            #expect(try await good.response().status == .ok)
            var reasons: [String] = []
            for request in ["SEARCH P2P-CI/2.1\r\nQuery: anything\r\n\r\n", "HELLO P2P-CI/2.1\r\nPort: 6001\r\n\r\n",
                            "HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: st_wrong\r\n\r\n", "LIST ALL P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\n\r\n"] {
                let client = try await index.connect()
                try await client.send(request)
                let answer = try await client.response()
                #expect(answer.status == .forbidden, "\(request)")
                reasons.append(answer.headers["Reason"] ?? "")
                #expect(try await client.readUntilClosed().isEmpty)
            }
            #expect(reasons[1] == reasons[2], "a missing and a wrong token look the same")
            #expect(!index.logs.messages().contains { $0.contains(token) }, "the token is never logged")
        }
    }

    @Test("a query session is admitted by a PING with a valid token: it may search and list but not register; revoking the token closes it")
    func querySession() async throws {
        var tokens = AccessTokens()
        let token = try tokens.add("ana")
        try await TestIndex.with(Self.privateIndex(tokens)) { index in
            let wrong = try await index.connect()
            try await wrong.send("PING P2P-CI/2.1\r\nToken: st_wrong\r\n\r\n")
            let refused = try await wrong.response()
            #expect(refused.status == .forbidden && refused.headers["Reason"]?.contains("valid token") == true)
            #expect(try await wrong.readUntilClosed().isEmpty)

            let query = try await index.connect()
            try await query.send("PING P2P-CI/2.1\r\nToken: \(token)\r\n\r\n")
            #expect(try await query.response().status == .ok)
            try await query.send("SEARCH P2P-CI/2.1\r\nQuery: anything\r\n\r\n")
            #expect(try await query.response().status == .ok, "admitted: it may search")
            try await query.send("LIST ALL P2P-CI/2.1\r\n\r\n")
            #expect(try await query.response().status == .ok)
            try await query.send("ADD FILES P2P-CI/2.1\r\nContent-Length: 0\r\n\r\n")
            let unregistered = try await query.response()
            #expect(unregistered.status == .badRequest && unregistered.headers["Reason"]?.contains("HELLO") == true,
                    "registering still needs HELLO: \(unregistered.headers["Reason"] ?? "")")
            #expect(!index.logs.messages().contains { $0.contains(token) }, "the token is never logged")

            var revoked = tokens
            _ = revoked.revoke("ana")
            index.server.replaceAccess(tokens: revoked, bans: BanList())
            #expect(try await query.readUntilClosed().isEmpty, "closed at once")
        }
    }

    @Test("wrong tokens from one address are slowed down: past 5, the answer is 429 without a check (one more an hour here)")
    func wrongTokensLimited() async throws {
        var tokens = AccessTokens()
        let token = try tokens.add("ana")
        try await TestIndex.with({ configuration in
            Self.privateIndex(tokens)(&configuration)
            // One more try an hour after the burst: no machine is slow enough to earn one during the test.
            configuration.access.wrongTokensPerMinute = 1.0 / 60
        }) { index in
            var statuses: [Int] = []
            for attempt in 0..<7 {
                let client = try await index.connect()
                try await client.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: st_guess\(attempt)\r\n\r\n")
                statuses.append(try await client.response().status.code)
            }
            #expect(statuses == [403, 403, 403, 403, 403, 429, 429])
            let right = try await index.connect()
            try await right.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: \(token)\r\n\r\n")
            #expect(try await right.response().status == .tooManyRequests, "even the right token waits: nothing is learnt by guessing")
        }
    }

    @Test("revoking a token disconnects its peer at once; banning an address closes its connections and refuses new ones with 403")
    func revokeAndBan() async throws {
        var tokens = AccessTokens()
        let token = try tokens.add("ana")
        try await TestIndex.with(Self.privateIndex(tokens)) { index in
            let client = try await index.connect()
            try await client.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: \(token)\r\n\r\n")
            #expect(try await client.response().status == .ok)
            // Revoked and given a new token under the same name (a leaked token replaced): the old one's
            // connection goes all the same.
            var replaced = tokens
            _ = replaced.revoke("ana")
            let fresh = try replaced.add("ana")
            index.server.replaceAccess(tokens: replaced, bans: BanList())
            #expect(try await client.readUntilClosed().isEmpty, "disconnected at once")
            let again = try await index.connect()
            try await again.send("HELLO P2P-CI/2.1\r\nPort: 6001\r\nToken: \(fresh)\r\n\r\n")
            #expect(try await again.response().status == .ok, "the new token works")
        }
        try await TestIndex.with { index in
            let classic = try await index.connect()
            try await classic.send("LIST ALL P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\n\r\n")
            _ = try await classic.response()
            index.server.replaceAccess(tokens: AccessTokens(), bans: try BanList(text: "127.0.0.0/8 2999-01-01"))
            _ = try await classic.readUntilClosed()
            let refused = try await index.connect()
            let answer = try await refused.readUntilClosed()
            #expect(answer.hasPrefix("P2P-CI/1.0 403 Forbidden"), "\(answer)")
        }
    }
}
