import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

@Suite("Registry")
struct RegistryTests {
    @Test("files belong to the session that added them and vanish when it closes")
    func ownership() throws {
        var registry = Registry()
        let a = try registry.greeted(address: "10.0.0.1", port: 6001, name: "ann")
        let b = try registry.greeted(address: "10.0.0.2", port: 6002)
        let shared = Fixtures.file("common.iso")
        _ = try registry.addFiles(a, [shared, Fixtures.file("only-a.txt")])
        _ = try registry.addFiles(b, [shared])
        #expect(registry.sources(of: .content(shared.hash)).sources.map(\.peer) == [a, b])
        #expect(registry.recordCount == 3 && registry.itemCount == 2)

        #expect(registry.closeSession(a) == 2)
        #expect(registry.sources(of: .content(shared.hash)).sources.map(\.peer) == [b])
        #expect(registry.search(SearchQuery(keywords: ["only"])).hits.isEmpty)
        #expect(registry.recordCount == 1 && registry.itemCount == 1)
        registry.closeSession(b)
        #expect(registry.itemCount == 0 && registry.words.wordCount == 0)
    }

    @Test("a path's folders are searched too; a file in wordy folders is still found by its own words; RFC files in folders are listed by name")
    func paths() throws {
        var registry = Registry()
        let peer = try registry.greeted()
        let wordy = (1...20).map { "folder\($0) word\($0)" }.prefix(15).joined(separator: "/") + "/Take Five.flac"
        _ = try registry.addFiles(peer, [Fixtures.file("music/jazz/So What.flac"), Fixtures.file(wordy), Fixtures.file("docs/rfc7734.txt")])
        #expect(registry.search(SearchQuery(keywords: ["jazz"])).hits.map(\.name) == ["music/jazz/So What.flac"])
        #expect(registry.search(SearchQuery(keywords: ["take", "five"])).hits.map(\.name) == [wordy])
        #expect(registry.search(SearchQuery(keywords: ["flac"])).hits.count == 2)
        #expect(registry.search(SearchQuery(keywords: ["rfc7734"])).hits.map(\.name) == ["docs/rfc7734.txt"])
        #expect(registry.sources(of: .rfc(7734)).sources.map(\.name) == ["rfc7734.txt"])
    }

    @Test("sources carry the observed address and announced port, never anything else")
    func sourceAddress() throws {
        var registry = Registry()
        let a = try registry.greeted(address: "192.0.2.7", port: 7001, name: "ann")
        let file = Fixtures.file("x.bin")
        _ = try registry.addFiles(a, [file])
        let source = try #require(registry.sources(of: .content(file.hash)).sources.first)
        #expect(source == FileSource(peer: a, dialect: .shoal, host: "192.0.2.7", port: 7001, nickname: "ann",
                                     name: "x.bin"))
    }

    @Test("2.0 file operations need HELLO first; HELLO once")
    func helloRequired() throws {
        var registry = Registry()
        let peer = registry.openSession(address: "10.0.0.1")
        #expect(throws: RegistryError.helloRequired) { try registry.addFiles(peer, [Fixtures.file("a")]) }
        try registry.hello(peer, Hello(port: 1))
        #expect(throws: RegistryError.alreadyGreeted) { try registry.hello(peer, Hello(port: 2)) }
    }

    @Test("the files-per-peer limit refuses the whole batch; re-announcing does not count twice")
    func filesPerPeer() throws {
        var registry = Registry(limits: RegistryLimits(maximumFilesPerPeer: 3))
        let peer = try registry.greeted()
        _ = try registry.addFiles(peer, [Fixtures.file("a"), Fixtures.file("b")])
        #expect(throws: RegistryError.tooManyFiles(limit: 3, wouldHave: 4)) {
            try registry.addFiles(peer, [Fixtures.file("c"), Fixtures.file("d")])
        }
        #expect(registry.recordCount == 2)
        let outcome = try registry.addFiles(peer, [Fixtures.file("renamed", seed: "a"), Fixtures.file("c")])
        #expect(outcome.total == 3)
        #expect(registry.search(SearchQuery(keywords: ["renamed"])).hits.count == 1)
        #expect(try registry.removeFiles(peer, [Fixtures.hash("a"), Fixtures.hash("zzz")]).changed == 1)
    }

    @Test("a hash announced twice in one batch is registered once, under its last line; the batch's other lines keep their order")
    func repeatedInOneBatch() throws {
        var registry = Registry()
        let peer = try registry.greeted()
        let outcome = try registry.addFiles(peer, [Fixtures.file("early draft.txt", seed: "f"), Fixtures.file("other.txt"),
                                                   Fixtures.file("final copy.txt", seed: "f")])
        #expect(outcome.changed == 2 && outcome.total == 2)
        #expect(registry.search(SearchQuery(keywords: ["final"])).hits.map(\.name) == ["final copy.txt"])
        #expect(registry.search(SearchQuery(keywords: ["draft"])).hits.isEmpty)
        let admitted = try registry.admitFiles(peer, [Fixtures.file("x"), Fixtures.file("one", seed: "y"),
                                                      Fixtures.file("z"), Fixtures.file("two", seed: "y")])
        #expect(admitted.map(\.name) == ["x", "z", "two"])
    }

    @Test("announcing a file again updates it in place: same seniority, new name searchable, old name gone")
    func reannounce() throws {
        var registry = Registry()
        let a = try registry.greeted(port: 1), b = try registry.greeted(port: 2)
        _ = try registry.addFiles(a, [Fixtures.file("first name.txt", seed: "f")])
        _ = try registry.addFiles(b, [Fixtures.file("first name.txt", seed: "f")])
        let outcome = try registry.addFiles(a, [Fixtures.file("rfc_7.txt", seed: "f")])
        #expect(outcome.changed == 0 && outcome.total == 1)
        #expect(registry.sources(of: .content(Fixtures.hash("f"))).sources.map(\.peer) == [a, b])
        #expect(registry.search(SearchQuery(keywords: ["rfc"])).hits.map(\.name) == ["rfc_7.txt"])
        #expect(registry.lookupClassic(7).count == 1)
        _ = try registry.addFiles(a, [Fixtures.file("other.txt", seed: "f")])
        #expect(registry.lookupClassic(7).isEmpty)
        #expect(registry.search(SearchQuery(keywords: ["rfc"])).hits.isEmpty)
    }

    @Test("a size announced by a minority for a hash is not offered as a source")
    func majoritySize() throws {
        var registry = Registry()
        let liar = try registry.greeted(port: 1)
        let honest1 = try registry.greeted(port: 2)
        let honest2 = try registry.greeted(port: 3)
        let real = Fixtures.file("f", size: 500)
        _ = try registry.addFiles(liar, [FileAnnouncement(hash: real.hash, size: 9, name: "f")])
        _ = try registry.addFiles(honest1, [real])
        _ = try registry.addFiles(honest2, [real])
        let found = registry.sources(of: .content(real.hash))
        let (size, sources, others) = (found.size, found.sources, found.otherSizes)
        #expect(size == 500 && sources.map(\.peer) == [honest1, honest2])
        #expect(others == [9], "the minority size is named, so a downloader can ask for it")
        let minority = registry.sources(of: .content(real.hash), size: 9)
        #expect(minority.size == 9 && minority.sources.map(\.peer) == [liar] && minority.otherSizes == [500])
    }

    @Test("the bytes of one peer's names are capped: a batch over it is refused whole, renaming counts the difference, removing frees them")
    func nameBytesPerPeer() throws {
        var registry = Registry(limits: RegistryLimits(maximumNameBytesPerPeer: 30))
        let peer = try registry.greeted(port: 1)
        let ten = Fixtures.file("ten bytes!"), other = Fixtures.file("0123456789")
        _ = try registry.addFiles(peer, [ten, other])
        #expect(throws: RegistryError.tooManyNameBytes(limit: 30, wouldHave: 31)) {
            try registry.addFiles(peer, [Fixtures.file("eleven byte")])
        }
        #expect(registry.recordCount == 2, "nothing of a refused batch is registered")
        // The same file under a longer name: only the difference counts.
        let renamed = FileAnnouncement(hash: ten.hash, size: ten.size, name: "twenty bytes long!!!")
        _ = try registry.addFiles(peer, [renamed])
        _ = try registry.removeFiles(peer, [other.hash])
        _ = try registry.addFiles(peer, [Fixtures.file("ten again!")])
        let classic = registry.openSession(address: "10.0.0.9")
        _ = try registry.addClassic(classic, ClassicRecord(number: 1, host: "h", port: 1, title: String(repeating: "t", count: 30)))
        #expect(throws: RegistryError.tooManyNameBytes(limit: 30, wouldHave: 31)) {
            try registry.addClassic(classic, ClassicRecord(number: 2, host: "h", port: 1, title: "x"))
        }
        _ = try registry.addClassic(classic, ClassicRecord(number: 1, host: "h", port: 1, title: "replaced, shorter"))
        _ = try registry.addClassic(classic, ClassicRecord(number: 2, host: "h", port: 1, title: "x"))
    }

    @Test("a popular file's LOOKUP lists at most the cap, says how many there are, and sends downloaders to different holders")
    func lookupCap() throws {
        var limits = RegistryLimits()
        limits.maximumLookupSources = 20
        var registry = Registry(limits: limits)
        let file = Fixtures.file("popular.iso", size: 700)
        var holders: [PeerID] = []
        for port in 1...50 {
            holders.append(try registry.greeted(port: port))
            _ = try registry.addFiles(holders[holders.count - 1], [file])
        }
        let liar = try registry.greeted(port: 99)
        _ = try registry.addFiles(liar, [FileAnnouncement(hash: file.hash, size: 1, name: "popular.iso")])
        let seen = (0..<8).map { registry.sources(of: .content(file.hash), for: PeerID(UInt64(1000 + $0))) }
        #expect(seen.allSatisfy { $0.sources.count == 20 && $0.total == 50 && $0.size == 700 && $0.otherSizes == [1] })
        #expect(seen.allSatisfy { Set($0.sources.map(\.peer)).isSubset(of: holders) }, "the liar is never listed")
        #expect(Set(seen.map { $0.sources[0].peer }).count > 1, "different downloaders start at different holders")
        let again = registry.sources(of: .content(file.hash), for: PeerID(1000))
        #expect(again.sources.map(\.peer) == seen[0].sources.map(\.peer), "the same downloader gets the same list")
        let few = registry.sources(of: .content(file.hash), size: 1, for: PeerID(1000))
        #expect(few.sources.map(\.peer) == [liar] && few.total == 1)
    }

    @Test("a liar registered first wins a tie of sizes, but the honest size is named and can be asked for")
    func tieOfSizes() throws {
        var registry = Registry()
        let liar = try registry.greeted(port: 1)
        let honest = try registry.greeted(port: 2)
        let real = Fixtures.file("f", size: 500)
        _ = try registry.addFiles(liar, [FileAnnouncement(hash: real.hash, size: 9, name: "f")])
        _ = try registry.addFiles(honest, [real])
        let agreed = registry.sources(of: .content(real.hash))
        #expect(agreed.size == 9 && agreed.otherSizes == [500])
        #expect(registry.sources(of: .content(real.hash), size: 500).sources.map(\.peer) == [honest])
    }

    @Test("classic records: newest first, one per number per connection, 404-able")
    func classicRecords() throws {
        var registry = Registry()
        let a = registry.openSession(address: "10.0.0.1")
        let b = registry.openSession(address: "10.0.0.2")
        _ = try registry.addClassic(a, ClassicRecord(number: 1, host: "a.example", port: 1, title: "One"))
        _ = try registry.addClassic(b, ClassicRecord(number: 1, host: "b.example", port: 2, title: "One"))
        _ = try registry.addClassic(a, ClassicRecord(number: 2, host: "a.example", port: 1, title: "Two"))
        _ = try registry.addClassic(a, ClassicRecord(number: 1, host: "a.example", port: 1, title: "One again"))
        #expect(registry.listClassic().map(\.wireLine) == [
            "RFC 1 One again a.example 1", "RFC 2 Two a.example 1", "RFC 1 One b.example 2",
        ])
        #expect(registry.lookupClassic(1).map(\.host) == ["a.example", "b.example"])
        #expect(registry.lookupClassic(3).isEmpty)
        registry.closeSession(a)
        #expect(registry.listClassic().map(\.wireLine) == ["RFC 1 One b.example 2"])
    }

    @Test("a classic answer is capped in bytes as well as records, keeping the newest: a short LIST ALL cannot make the index send megabytes")
    func classicAnswerBytes() throws {
        var registry = Registry(limits: RegistryLimits(maximumClassicAnswerBytes: 16 << 10))
        let peer = registry.openSession(address: "10.0.0.1")
        let title = String(repeating: "t", count: 200)
        for number in 1...200 { _ = try registry.addClassic(peer, ClassicRecord(number: number, host: "h", port: 1, title: title)) }
        let listed = registry.listClassic()
        #expect(listed.reduce(0) { $0 + $1.wireLine.utf8.count + 2 } <= 16 << 10)
        #expect(listed.count > 50 && listed.count < 200 && listed.first?.number == 200, "the newest records, as many as fit")
        let one = registry.lookupClassic(200)
        #expect(one.count == 1)
    }

    @Test("Shoal files named like RFCs appear to classic peers; classic RFCs appear to 2.0 peers")
    func crossDialect() throws {
        var registry = Registry()
        let shoal = try registry.greeted(address: "10.0.0.9", port: 9000)
        let classic = registry.openSession(address: "10.0.0.8")
        let rfcFile = Fixtures.file("rfc_42.txt")
        _ = try registry.addFiles(shoal, [rfcFile])
        _ = try registry.addClassic(classic, ClassicRecord(number: 42, host: "old.example", port: 8000, title: "Answers"))
        #expect(registry.lookupClassic(42).map(\.wireLine) == ["RFC 42 Answers old.example 8000", "RFC 42 rfc_42.txt 10.0.0.9 9000"])
        let sources = registry.sources(of: .rfc(42)).sources
        #expect(sources.map(\.dialect) == [.classic, .shoal])
        #expect(sources[0].host == "10.0.0.8", "2.0 peers are sent to the observed address, not the claimed Host")
        let hits = registry.search(SearchQuery(keywords: ["answers"])).hits
        #expect(hits == [SearchHit(key: .rfc(42), size: nil, sources: 2, name: "Answers")],
                "an RFC item counts every source LOOKUP FILE rfc:42 lists")
    }

    @Test("LIST ALL and BROWSE page through everything exactly once")
    func paging() throws {
        var registry = Registry()
        let peer = try registry.greeted()
        let files = (0..<25).map { Fixtures.file("file \($0)") }
        _ = try registry.addFiles(peer, files)
        var seen: [String] = []
        var cursor = 0
        var pages = 0
        while true {
            let page = registry.listAll(cursor: cursor, limit: 10)
            seen += page.entries.map(\.name)
            pages += 1
            #expect(page.total == 25)
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        #expect(pages == 3 && Set(seen) == Set(files.map(\.name)) && seen.count == 25)

        var browsed: [String] = []
        cursor = 0
        while let page = registry.browse(peer, cursor: cursor, limit: 7) {
            browsed += page.entries.map(\.name)
            guard let next = page.nextCursor else { break }
            cursor = next
        }
        #expect(browsed.count == 25 && Set(browsed) == Set(seen))
        #expect(registry.browse(PeerID(999), cursor: 0, limit: 5) == nil)
    }
}

@Suite("Registry layout")
struct RegistryLayoutTests {
    @Test("an item slot stays 80 bytes: one holder inline, no Optional padding (a million records each cost it)")
    func itemStride() {
        #expect(MemoryLayout<ContentHolder>.stride == 40)
        #expect(MemoryLayout<IndexItem?>.stride == 80)
    }

    @Test("a record's classic listing and its session's line number share one word without touching each other")
    func holderPacking() {
        var holder = ContentHolder(peer: PeerID(9), size: 1, name: "rfc7.txt", line: 0xABCDE, listing: ContentHolder.maximumListing)
        #expect(holder.lineNumber == 0xABCDE && holder.listing == ContentHolder.maximumListing)
        holder.listing = nil
        #expect(holder.lineNumber == 0xABCDE && holder.listing == nil)
        holder.listing = 12
        #expect(holder.lineNumber == 0xABCDE && holder.listing == 12)
        #expect(ContentHolder(peer: PeerID(9), size: 1, name: "a").lineNumber == SourceLineTable.none)
    }
}
