import Model
import NIOCore
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// LOOKUP FILE writes each source's line from what the registry made at its HELLO: the lines must be the
/// sources' own wire lines, and must follow what the index learns of a peer, whatever the order.
@Suite("Source lines")
struct SourceLineTests {
    @Test("an answer's body is each source's wire line with CRLF (nickname, none, classic, accents, long names), its headers their ids")
    func lines() {
        let sources = [
            FileSource(peer: PeerID(4), dialect: .shoal, host: "::1", port: 7000, nickname: nil, name: "x y.bin"),
            FileSource(peer: PeerID(5), dialect: .classic, host: "10.0.0.1", port: 1, nickname: "ann", name: "RFC title"),
            FileSource(peer: PeerID(6), dialect: .shoal, host: "10.0.0.2", port: 65535, nickname: "zoë", name: "Über Song.flac",
                       reachable: false, keyprint: "sha256/abc"),
            FileSource(peer: PeerID(7), dialect: .shoal, host: "10.0.0.3", port: 6000, nickname: "bo",
                       name: "Ünïcödé Artist - A Much Longer Title Than Fits Inline (Live, 1998) [FLAC].flac", reachable: true),
        ]
        var answer = LookupAnswerWriter()
        for source in sources {
            let line = SourceLine(peer: source.peer, dialect: source.dialect, host: source.host, port: source.port,
                                  nickname: source.nickname, reachable: source.reachable, keyprint: source.keyprint)
            #expect(line.source(named: source.name) == source)
            #expect(line.length(named: source.name) == source.wireLine.utf8.count + 2)
            answer.add(line, name: source.name)
        }
        #expect(answer.count == sources.count)
        #expect(String(buffer: answer.body) == sources.map { $0.wireLine + "\r\n" }.joined())
        var headers: HeaderFields = [:]
        answer.addHeaders(to: &headers)
        #expect(headers["Unreachable"] == "p6")
        #expect(headers["Keyprints"] == "p6=sha256/abc")
        #expect(headers["Reachable"] == "p7")
        #expect(LookupAnswerWriter().body.readableBytes == 0)
    }

    @Test("LOOKUP lists what the probe and the proven key said, whether they came before HELLO or after")
    func learnedBeforeOrAfterHello() throws {
        var registry = Registry()
        let early = registry.openSession(address: "10.0.0.1")
        registry.markReachable(early, false)
        registry.recordProvenKey(early, "sha256/early")
        try registry.hello(early, Hello(port: 6001, nickname: "ann"))
        let late = try registry.greeted(address: "10.0.0.2", port: 6002)
        registry.markReachable(late, true)
        let file = Fixtures.file("shared.iso")
        _ = try registry.addFiles(early, [file])
        _ = try registry.addFiles(late, [file])
        #expect(registry.sources(of: .content(file.hash)).sources == [
            FileSource(peer: early, dialect: .shoal, host: "10.0.0.1", port: 6001, nickname: "ann", name: "shared.iso",
                       reachable: false, keyprint: "sha256/early"),
            FileSource(peer: late, dialect: .shoal, host: "10.0.0.2", port: 6002, nickname: nil, name: "shared.iso",
                       reachable: true),
        ])
        registry.closeSession(early)
        #expect(registry.sources(of: .content(file.hash)).sources.map(\.peer) == [late])
        #expect(registry.sourceLines.number(of: early) == SourceLineTable.none)
    }

    @Test("a leaving peer is not listed while its records are still being removed, and no newer peer is listed under them")
    func leavingPeerNotListed() throws {
        var registry = Registry()
        let leaving = try registry.greeted(address: "10.0.0.1", port: 6001)
        let file = Fixtures.file("left-behind.iso")
        _ = try registry.addFiles(leaving, [file])
        let number = registry.sourceLines.number(of: leaving)
        let slots = registry.detachSession(leaving)
        #expect(registry.sources(of: .content(file.hash)).listed.isEmpty, "a detached peer is no source")

        // A peer greeted while the old records remain gets a number of its own.
        let newer = try registry.greeted(address: "10.0.0.2", port: 6002)
        #expect(registry.sourceLines.number(of: newer) != number)
        #expect(registry.sources(of: .content(file.hash)).listed.isEmpty, "the newer peer never registered the file")

        // Once they are gone, the number is given again, and lists only what its new session registered.
        registry.removeRecords(of: leaving, in: slots[...])
        registry.forgetDeparted(leaving)
        let latest = try registry.greeted(address: "10.0.0.3", port: 6003, name: "cy")
        #expect(registry.sourceLines.number(of: latest) == number)
        _ = try registry.addFiles(latest, [file])
        #expect(registry.sources(of: .content(file.hash)).sources.map(\.peer) == [latest])
        #expect(registry.sources(of: .content(file.hash)).sources.map(\.nickname) == ["cy"])
    }

    @Test("a LOOKUP answer lists what the registry's lookup lists: past the cap, beside other sizes and departed holders, for any requester")
    func answerMatchesLookup() throws {
        var registry = Registry()
        let file = Fixtures.file("popular.iso", size: 4096)
        let impostor = Fixtures.file("popular.iso", size: 17, seed: "popular.iso")
        var holders: [PeerID] = []
        for n in 0..<260 {
            let peer = try registry.greeted(address: "10.0.\(n / 256).\(n % 256)", port: 6000 + n, name: n % 3 == 0 ? "n\(n)" : nil)
            if n % 7 == 0 { registry.markReachable(peer, n % 2 == 0) }
            if n % 13 == 0 { registry.recordProvenKey(peer, "sha256/k\(n)") }
            _ = try registry.addFiles(peer, [n % 10 == 9 ? impostor : Fixtures.file(n % 4 == 0 ? "Popular ISO" : "popular.iso", size: 4096, seed: "popular.iso")])
            holders.append(peer)
        }
        for (n, peer) in holders.enumerated() where n % 11 == 5 { _ = registry.detachSession(peer) }
        let processor = IndexRequestProcessor(idleTimeoutSeconds: 60)
        for requester in [PeerID(1), PeerID(99), PeerID(123_456)] {
            for size: UInt64? in [nil, 17] {
                let expected = registry.sources(of: .content(file.hash), size: size, for: requester)
                let answer = processor.query(.lookupFile(.content(file.hash), size: size), from: requester, in: registry).response
                guard case .bytes(let body) = answer.body else {
                    Issue.record("LOOKUP answered \(answer.status) without a body")
                    continue
                }
                let lines = String(buffer: body).split(separator: "\r\n").map(String.init)
                #expect(lines == expected.sources.map(\.wireLine))
                #expect(answer.headers["Sources"] == String(expected.listed.count))
                #expect(answer.headers["Total-Sources"] == (expected.total > expected.listed.count ? String(expected.total) : nil))
                let keyprints = expected.sources.compactMap { source in source.keyprint.map { "\(source.peer)=\($0)" } }
                #expect(answer.headers["Keyprints"] == (keyprints.isEmpty ? nil : keyprints.joined(separator: ",")))
                let unreachable = expected.sources.filter { $0.reachable == false }.map(\.peer.description)
                #expect(answer.headers["Unreachable"] == (unreachable.isEmpty ? nil : unreachable.joined(separator: ",")))
            }
            #expect(registry.sources(of: .content(file.hash), for: requester).listed.count == RegistryLimits().maximumLookupSources)
        }
    }
}
