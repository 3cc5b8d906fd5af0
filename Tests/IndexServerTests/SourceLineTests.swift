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
    @Test("an answer's body is each source's wire line with CRLF (nickname, none, classic, accents, long names)")
    func lines() {
        let sources = [
            FileSource(peer: PeerID(4), dialect: .shoal, host: "::1", port: 7000, nickname: nil, name: "x y.bin"),
            FileSource(peer: PeerID(5), dialect: .classic, host: "10.0.0.1", port: 1, nickname: "ann", name: "RFC title"),
            FileSource(peer: PeerID(6), dialect: .shoal, host: "10.0.0.2", port: 65535, nickname: "zoë", name: "Über Song.flac",
                       reachable: false, keyprint: "sha256/abc"),
            FileSource(peer: PeerID(7), dialect: .shoal, host: "10.0.0.3", port: 6000, nickname: "bo",
                       name: "Ünïcödé Artist - A Much Longer Title Than Fits Inline (Live, 1998) [FLAC].flac"),
        ]
        var listed: [Registry.Lookup.Listed] = []
        for source in sources {
            let line = SourceLine(peer: source.peer, dialect: source.dialect, host: source.host, port: source.port,
                                  nickname: source.nickname, reachable: source.reachable, keyprint: source.keyprint)
            #expect(line.source(named: source.name) == source)
            #expect(line.length(named: source.name) == source.wireLine.utf8.count + 2)
            listed.append(.init(line: line, name: source.name))
        }
        let body = IndexRequestProcessor.body(listing: listed)
        #expect(String(buffer: body) == sources.map { $0.wireLine + "\r\n" }.joined())
        #expect(IndexRequestProcessor.body(listing: []).readableBytes == 0)
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
}
