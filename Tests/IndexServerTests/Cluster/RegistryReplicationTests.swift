import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

@Suite("A replica that applies another node's journal answers as that node does")
struct RegistryReplicationTests {
    /// What a peer would notice differ between two nodes: searches, listings, sources with their keyprints.
    private func answers(_ registry: Registry, _ hashes: [ContentHash]) -> [String] {
        var lines = registry.search(SearchQuery(keywords: ["debian"])).hits.map(\.wireLine)
        lines += registry.listAll(cursor: 0, limit: 100).entries.map(\.wireLine)
        lines += registry.listClassic().map(\.wireLine)
        for hash in hashes {
            lines += registry.sources(of: .content(hash)).sources.map { "\($0.peer) \($0.host):\($0.port) \($0.keyprint ?? "-") \($0.reachable.map(String.init) ?? "-")" }
        }
        return lines
    }

    private func busyOrigin() throws -> (Registry, [ContentHash]) {
        var origin = Registry()
        origin.startJournal(firstPeerID: 4_000_000_000)
        let a = origin.openSession(address: "10.0.0.1")
        origin.markReachable(a, false)
        origin.recordProvenKey(a, "sha256/key-a")
        try origin.hello(a, Hello(port: 6001, nickname: "ann", token: "secret"))
        let b = origin.openSession(address: "10.0.0.2")
        try origin.hello(b, Hello(port: 6002))
        let iso = Fixtures.file("debian-12.5.0-amd64-netinst.iso", size: 658_505_728)
        let notes = Fixtures.file("Debian release notes.pdf")
        _ = try origin.addFiles(a, [iso, notes, Fixtures.file("gone soon.txt")])
        _ = try origin.addFiles(b, [iso])
        _ = try origin.removeFiles(a, [Fixtures.hash("gone soon.txt")])
        let classic = origin.openSession(address: "10.0.0.3")
        _ = try origin.addClassic(classic, ClassicRecord(number: 2616, host: "old-host", port: 5000, title: "Debian HTTP"))
        let c = origin.openSession(address: "10.0.0.4")
        try origin.hello(c, Hello(port: 6004))
        _ = try origin.addFiles(c, [Fixtures.file("debian leaving.iso")])
        origin.closeSession(c)
        return (origin, [iso.hash, notes.hash])
    }

    @Test("the journal, applied to an empty replica, gives the same answers, and ids start where the node's range does")
    func sameAnswers() throws {
        var (origin, hashes) = try busyOrigin()
        let journal = origin.takeJournal()
        #expect(journal.first == .opened(PeerID(4_000_000_000), address: "10.0.0.1"))
        #expect(origin.takeJournal().isEmpty, "taking the journal empties it")
        var replica = Registry()
        for change in journal { replica.apply(change) }
        #expect(answers(replica, hashes) == answers(origin, hashes))
        #expect(answers(replica, hashes).contains { $0.contains("sha256/key-a") && $0.contains("false") })
        #expect(replica.sessionCount == origin.sessionCount && replica.recordCount == origin.recordCount)
    }

    @Test("a token never leaves the node that checked it")
    func noToken() throws {
        let (origin, _) = try busyOrigin()
        var copy = origin
        for case .greeted(_, let hello, _, _) in copy.takeJournal() { #expect(hello.token == nil && hello.key == nil) }
    }

    @Test("applying a run of changes again, in order, over a snapshot that already has some of them, changes nothing")
    func replayIsHarmless() throws {
        var (origin, hashes) = try busyOrigin()
        let journal = origin.takeJournal()
        var replica = Registry()
        for change in journal.prefix(9) { replica.apply(change) }
        for change in journal.dropFirst(4) { replica.apply(change) }
        #expect(answers(replica, hashes) == answers(origin, hashes))
        #expect(replica.recordCount == origin.recordCount)
    }

    @Test("applied changes are not journaled again (a replica never sends other nodes' changes back)")
    func appliedNotJournaled() throws {
        var (origin, _) = try busyOrigin()
        var replica = Registry()
        replica.startJournal(firstPeerID: 5_000_000_000)
        for change in origin.takeJournal() { replica.apply(change) }
        #expect(replica.takeJournal().isEmpty)
    }

    @Test("a big batch cut into parts has the same effect as the whole")
    func parts() throws {
        let files = (0..<150).map { Fixtures.file("debian part \($0).deb") }
        let change = RegistryChange.filesAdded(PeerID(9), files)
        let parts = change.parts(of: 64)
        #expect(parts.map(\.weight) == [64, 64, 22])
        func replica(_ changes: [RegistryChange]) -> Registry {
            var registry = Registry()
            registry.apply(.opened(PeerID(9), address: "10.0.0.9"))
            registry.apply(.greeted(PeerID(9), Hello(port: 1), reachable: nil, keyprint: nil))
            for piece in changes { registry.apply(piece) }
            return registry
        }
        let whole = replica([change]), cut = replica(parts)
        #expect(whole.recordCount == 150 && cut.recordCount == 150)
        #expect(answers(whole, []) == answers(cut, []))
    }
}
