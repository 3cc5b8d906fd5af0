import CPrefetch
import Model

/// Where an item keeps the objects that copying it touches, found without copying the item: its display
/// name's storage (its oldest holder's name) and its other holders' list. What a search prefetches, for a
/// batch of candidates together, before it ranks them.
///
/// Ranking a candidate copies the item, and copying counts a reference in each of those objects: an atomic
/// write to a line that is rarely in cache. The processor waits for each such write before the next, so a
/// walk met one miss after another: about a quarter of a one-keyword search's time (BENCHMARKS.md). Fetched
/// for the batch first, the misses overlap.
///
/// The places are found once, by looking for a known name's and list's bits in a sample item, and checked
/// against where that name's bytes are: on any other layout they are nil and nothing is prefetched. Only
/// ever prefetched, never dereferenced (a prefetch never faults): a wrong address would merely fetch another
/// line.
enum DisplayNamePrefetch {
    /// The byte offsets, in an `IndexItem?`, of a content item's display name (a `String`) and of the
    /// reference to its other holders' storage (an array's), or nil.
    static let offsets: (name: Int, others: Int)? = {
        let name = String(repeating: "shoal sample name ", count: 3)  // native storage, not a small string
        var holders = HolderList(ContentHolder(peer: PeerID(1), size: 7, name: name))
        holders.append(ContentHolder(peer: PeerID(2), size: 7, name: name))
        let item: IndexItem? = .content(ContentItem(hash: ContentHash(w0: 1, w1: 2, w2: 3, w3: 4), holders: holders))
        let bits = unsafeBitCast(name, to: (UInt64, UInt64).self)
        let others = UInt64(holders.otherHoldersBits)
        guard let bytes = name.utf8.withContiguousStorageIfAvailable({ UInt(bitPattern: $0.baseAddress) }),
              storageAddress(ofStringObject: bits.1).map({ $0 + bytesOffset }) == bytes
        else { return nil }
        return withUnsafeBytes(of: item) { raw in
            func word(_ offset: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
            let words = stride(from: 0, through: raw.count - 8, by: 8)
            guard let nameOffset = words.first(where: { $0 + 16 <= raw.count && word($0) == bits.0 && word($0 + 8) == bits.1 }),
                  let othersOffset = words.first(where: { word($0) == others })
            else { return nil }
            return (nameOffset, othersOffset)
        }
    }()

    /// Where a native string's bytes start in its storage object (after the object's header, count and
    /// capacity).
    static let bytesOffset: UInt = 32

    /// The storage object's address of a string whose second word is `object`, when the string keeps its
    /// bytes in native storage (the four discriminator bits clear); nil for small and other strings.
    @inline(__always)
    static func storageAddress(ofStringObject object: UInt64) -> UInt? {
        guard object >> 60 == 0, object != 0 else { return nil }
        return UInt(object & 0x0FFF_FFFF_FFFF_FFFF)
    }
}

extension ChunkedArray where Element == IndexItem? {
    /// Starts bringing in what ranking the items at the slots of `entries` reads, all at once, in two
    /// stages: the items, then each one's display name's storage and other holders' list (the reference
    /// counts a copy writes and the name's first bytes, which a comparison reads).
    func prefetchForRanking(atSlotsOf entries: ArraySlice<UInt64>) {
        prefetchElements(atSlotsOf: entries)
        prefetchDisplayNames(atSlotsOf: entries)
    }

    /// The second stage of ``prefetchForRanking(atSlotsOf:)``: reads each item, so they come after the items'
    /// own prefetches.
    private func prefetchDisplayNames(atSlotsOf entries: ArraySlice<UInt64>) {
        guard let offsets = DisplayNamePrefetch.offsets else { return }
        for entry in entries {
            let slot = Int(RankKey.slot(of: entry))
            guard slot >= 0, slot < count else { continue }
            let (object, others) = withElementAddress(at: slot) {
                ($0.loadUnaligned(fromByteOffset: offsets.name + 8, as: UInt64.self),
                 $0.loadUnaligned(fromByteOffset: offsets.others, as: UInt.self))
            }
            shoal_prefetch(UnsafeRawPointer(bitPattern: others))
            guard let storage = DisplayNamePrefetch.storageAddress(ofStringObject: object) else { continue }
            shoal_prefetch(UnsafeRawPointer(bitPattern: storage))
            shoal_prefetch(UnsafeRawPointer(bitPattern: storage &+ DisplayNamePrefetch.bytesOffset))
        }
    }
}
