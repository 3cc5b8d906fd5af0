import Model

/// The slot of each content item by hash, in 4 bytes a bucket: the 32-byte hashes are not copied here,
/// they are read from the items. (A `[ContentHash: Int32]` keeps a copy of every hash and costs about
/// 72 bytes a record at a million records.)
///
/// Open addressing with linear probing, at most three quarters full, and deletion by shifting later
/// entries back (no tombstones). Buckets are chosen with the standard library's per-process seeded
/// hasher, so peers announcing chosen hashes cannot make probe chains long on purpose.
struct ContentSlotTable: Sendable {
    private static let empty: Int32 = -1
    /// Slot numbers, or `empty`. Every slot listed holds a content item in the registry's `items`.
    private var buckets: [Int32] = []
    private(set) var count = 0

    /// The slot of the content item with `hash`, looked up among `items`.
    func slot(for hash: ContentHash, in items: [IndexItem?]) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        var bucket = home(of: hash)
        while true {
            let slot = buckets[bucket]
            if slot == Self.empty { return nil }
            if items[Int(slot)]?.contentHash == hash { return slot }
            bucket = (bucket + 1) & mask
        }
    }

    /// Records that the content item with `hash` (not in the table yet) lives in `slot`.
    mutating func insert(_ slot: Int32, for hash: ContentHash, in items: [IndexItem?]) {
        if (count + 1) * 4 > buckets.count * 3 { grow(items) }
        var bucket = home(of: hash)
        while buckets[bucket] != Self.empty { bucket = (bucket + 1) & mask }
        buckets[bucket] = slot
        count += 1
    }

    /// Forgets `slot`, which holds (or held) the content item with `hash`. The other items must still be
    /// in `items`: entries after the removed one are moved back to where their probes will find them.
    mutating func remove(_ slot: Int32, for hash: ContentHash, in items: [IndexItem?]) {
        guard !buckets.isEmpty else { return }
        var hole = home(of: hash)
        while buckets[hole] != slot {
            if buckets[hole] == Self.empty { return }
            hole = (hole + 1) & mask
        }
        var next = hole
        while true {
            next = (next + 1) & mask
            let moving = buckets[next]
            if moving == Self.empty { break }
            guard let movingHash = items[Int(moving)]?.contentHash else { continue }
            // The entry may fill the hole if the hole lies between its home bucket and where it is.
            if (next - home(of: movingHash)) & mask >= (next - hole) & mask {
                buckets[hole] = moving
                hole = next
            }
        }
        buckets[hole] = Self.empty
        count -= 1
    }

    private var mask: Int { buckets.count - 1 }

    private func home(of hash: ContentHash) -> Int {
        var hasher = Hasher()
        hasher.combine(hash)
        return hasher.finalize() & mask
    }

    /// Doubles the buckets (at least 16) and puts every entry back.
    private mutating func grow(_ items: [IndexItem?]) {
        let old = buckets
        buckets = [Int32](repeating: Self.empty, count: max(16, old.count * 2))
        for slot in old where slot != Self.empty {
            guard let hash = items[Int(slot)]?.contentHash else { continue }
            var bucket = home(of: hash)
            while buckets[bucket] != Self.empty { bucket = (bucket + 1) & mask }
            buckets[bucket] = slot
        }
    }
}
