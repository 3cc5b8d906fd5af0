import Model
import Testing
@testable import IndexServer

/// A search fetches a batch of candidates' names together before it ranks them: one-keyword searches cost
/// about a sixth less with it (BENCHMARKS.md). It depends on where an item keeps its name.
@Suite("Display name prefetch")
struct DisplayNamePrefetchTests {
    @Test("the name's and the other holders' places in an item are found on this platform, and are where a real item keeps them")
    func layoutFound() throws {
        let offsets = try #require(DisplayNamePrefetch.offsets,
                                   "the layout probe found no name in a sample item: searches would run without prefetching")
        // Made at run time, as names read from a connection are (a literal's bytes live in the program).
        let name = ["Some Artist", "Live at the Venue (2019) [FLAC].flac"].joined(separator: " - ")
        var holders = HolderList(ContentHolder(peer: PeerID(9), size: 1234, name: name))
        holders.append(ContentHolder(peer: PeerID(10), size: 1234, name: name + " copy"))
        var items = ChunkedArray<IndexItem?>()
        items.append(nil)
        items.append(.content(ContentItem(hash: ContentHash(w0: 5, w1: 6, w2: 7, w3: 8), holders: holders)))
        let (object, others) = items.withElementAddress(at: 1) {
            ($0.loadUnaligned(fromByteOffset: offsets.name + 8, as: UInt64.self),
             $0.loadUnaligned(fromByteOffset: offsets.others, as: UInt.self))
        }
        let storage = try #require(DisplayNamePrefetch.storageAddress(ofStringObject: object))
        let bytes = items[1]!.displayName.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
        #expect(bytes == storage + DisplayNamePrefetch.bytesOffset)
        if case .content(let content) = items[1]! { #expect(others == content.holders.otherHoldersBits) }
    }

    @Test("prefetching names of empty slots, classic items, short names and slots past the end changes nothing")
    func harmless() {
        var items = ChunkedArray<IndexItem?>()
        items.append(nil)
        items.append(.content(ContentItem(hash: ContentHash(w0: 1, w1: 1, w2: 1, w3: 1),
                                          holders: HolderList(ContentHolder(peer: PeerID(1), size: 1, name: "a.txt")))))
        items.append(.rfc(RFCItem(number: 791, holders: HolderList(ClassicHolder(peer: PeerID(2), title: "Internet Protocol", declaredHost: "h", port: 7, listing: 1)))))
        let entries = (0..<5).map { RankKey.entry(key: 0, slot: Int32($0)) }
        items.prefetchForRanking(atSlotsOf: entries[...])
        #expect(items[0] == nil)
        #expect(items[1]?.displayName == "a.txt")
        #expect(items[2]?.displayName == "Internet Protocol")
    }
}
