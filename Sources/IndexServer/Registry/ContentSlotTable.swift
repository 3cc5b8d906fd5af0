import Model

/// The slot of each content item by hash, in 4 bytes a bucket: the 32-byte hashes are not copied here,
/// they are read from the items. (A `[ContentHash: Int32]` keeps a copy of every hash and costs about
/// 72 bytes a record at a million records.)
///
/// Open addressing with linear probing, at most three quarters full, and deletion by shifting later
/// entries back (no tombstones). Buckets are chosen with the standard library's per-process seeded
/// hasher, so peers announcing chosen hashes cannot make probe chains long on purpose.
///
/// **Growing a little at a time.** Putting every entry of a full table into one twice its size reads each
/// entry's item (a cache miss apiece): 190 ms at a million items, all of it under the registry's write lock,
/// so every search and lookup waited that long. Instead, the full table is kept as it is (``draining``) beside
/// the new one, and each insert or removal afterwards moves the entries of ``drainStep`` of its buckets
/// across, until it is empty; a lookup reads the new table, then the old. Entries leave the old table through
/// the same deletion as any other, so its probe chains stay whole, and every bucket before ``drainedUpTo``
/// is empty: the deletions' shifting, which stops at an empty bucket, never moves an entry back behind it.
/// The old table is empty long before the new one is full: it has half as many buckets as the new one, and
/// three eighths of the new one's buckets must fill before it grows again.
///
/// The new table itself is made ahead, a little at a time: once the table is five eighths full, each insert
/// adds ``prepareStep`` empty buckets to it. Made all at once, the 16 MB of a table for two million items
/// took 4 ms (the memory's first touch).
struct ContentSlotTable: Sendable {
    private static let empty: Int32 = -1
    /// Buckets of the old table that each insert or removal empties into the new one while it drains.
    static let drainStep = 8
    /// Empty buckets each insert adds to the next table once the table is five eighths full: the next table
    /// (twice the buckets) is whole after a quarter of the inserts left before it is needed.
    static let prepareStep = 64

    /// Slot numbers, or `empty`. Every slot listed holds a content item in the registry's `items`.
    private var buckets: [Int32] = []
    /// The table before the last growth, while its entries move to `buckets` (empty when they all have).
    private var draining: [Int32] = []
    /// Every bucket of `draining` before this one is empty.
    private var drainedUpTo = 0
    /// The table's next buckets, all empty, made ahead of the growth that will use them.
    private var next: [Int32] = []
    /// Entries in both tables.
    private(set) var count = 0

    /// Whether an old table is still being emptied (for tests).
    var isDraining: Bool { !draining.isEmpty }
    /// Buckets of the current table, and of the next one made so far (for tests).
    var bucketCounts: (current: Int, next: Int) { (buckets.count, next.count) }

    /// The slot of the content item with `hash`, looked up among `items`.
    func slot(for hash: ContentHash, in items: ChunkedArray<IndexItem?>) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let hashed = Self.hashed(hash)  // once for both tables
        if let found = Self.find(hash, hashed: hashed, in: buckets, items) { return buckets[found] }
        if let found = Self.find(hash, hashed: hashed, in: draining, items) { return draining[found] }
        return nil
    }

    /// Records that the content item with `hash` (not in the table yet) lives in `slot`.
    mutating func insert(_ slot: Int32, for hash: ContentHash, in items: ChunkedArray<IndexItem?>) {
        drain(items)
        if count * 8 >= buckets.count * 5 { extendNext(by: Self.prepareStep) }
        if (count + 1) * 4 > buckets.count * 3 { grow(items) }
        Self.place(slot, hashed: Self.hashed(hash), in: &buckets)
        count += 1
    }

    /// Forgets `slot`, which holds (or held) the content item with `hash`. The other items must still be
    /// in `items`: entries after the removed one are moved back to where their probes will find them.
    mutating func remove(_ slot: Int32, for hash: ContentHash, in items: ChunkedArray<IndexItem?>) {
        let hashed = Self.hashed(hash)
        if Self.delete(slot, hashed: hashed, from: &buckets, items) || Self.delete(slot, hashed: hashed, from: &draining, items) {
            count -= 1
        }
        drain(items)
    }

    /// Starts a table twice the size (at least 16), the one made ahead (finished now if it is not yet whole),
    /// leaving the current one to drain into it. An old table not yet empty (which the sizes above rule out)
    /// is emptied first, all at once.
    private mutating func grow(_ items: ChunkedArray<IndexItem?>) {
        while !draining.isEmpty { drain(items) }
        extendNext(by: nextSize)
        draining = buckets
        drainedUpTo = 0
        buckets = next
        next = []
        if count == 0 { draining = [] }
    }

    /// Buckets of the next table: twice this one's, at least 16.
    private var nextSize: Int { max(16, buckets.count * 2) }

    /// Adds up to `step` empty buckets to the next table (inserts, ``prepareStep`` at a time once the table
    /// is five eighths full; a growth, what is left).
    private mutating func extendNext(by step: Int) {
        let size = nextSize
        guard next.count < size else { return }
        // Reserved whole at once: untouched, the memory costs nothing until the buckets are added.
        if next.isEmpty { next.reserveCapacity(size) }
        next.append(contentsOf: repeatElement(Self.empty, count: min(step, size - next.count)))
    }

    /// Moves the entries of the next ``drainStep`` buckets of the old table into the new one; forgets the
    /// old table once it is empty.
    private mutating func drain(_ items: ChunkedArray<IndexItem?>) {
        guard !draining.isEmpty else { return }
        let end = min(drainedUpTo + Self.drainStep, draining.count)
        while drainedUpTo < end {
            let slot = draining[drainedUpTo]
            guard slot != Self.empty else {
                drainedUpTo += 1
                continue
            }
            // Every slot listed holds an item; one that does not could never be found, so it is dropped.
            if let hash = items[Int(slot)]?.contentHash {
                Self.place(slot, hashed: Self.hashed(hash), in: &buckets)
            } else {
                count -= 1
            }
            Self.vacate(drainedUpTo, in: &draining, items)
            // The deletion may have shifted another entry into this bucket: it is looked at again.
        }
        if drainedUpTo == draining.count {
            draining = []
            drainedUpTo = 0
        }
    }

    // MARK: One table

    /// `hash` through the per-process seeded hasher; its low bits are its home bucket in a table.
    private static func hashed(_ hash: ContentHash) -> Int {
        var hasher = Hasher()
        hasher.combine(hash)
        return hasher.finalize()
    }

    /// The bucket of `table` holding the item with `hash` (whose ``hashed(_:)`` is `hashed`).
    private static func find(_ hash: ContentHash, hashed: Int, in table: [Int32], _ items: ChunkedArray<IndexItem?>) -> Int? {
        guard !table.isEmpty else { return nil }
        let mask = table.count - 1
        var bucket = hashed & mask
        while true {
            let slot = table[bucket]
            if slot == empty { return nil }
            if items[Int(slot)]?.contentHash == hash { return bucket }
            bucket = (bucket + 1) & mask
        }
    }

    /// Puts `slot` in the first empty bucket from its home on (the table has one).
    private static func place(_ slot: Int32, hashed: Int, in table: inout [Int32]) {
        let mask = table.count - 1
        var bucket = hashed & mask
        while table[bucket] != empty { bucket = (bucket + 1) & mask }
        table[bucket] = slot
    }

    /// Takes `slot`, the item whose hash's ``hashed(_:)`` is `hashed`, out of `table`. Returns whether it
    /// was there.
    private static func delete(_ slot: Int32, hashed: Int, from table: inout [Int32], _ items: ChunkedArray<IndexItem?>) -> Bool {
        guard !table.isEmpty else { return false }
        let mask = table.count - 1
        var bucket = hashed & mask
        while table[bucket] != slot {
            if table[bucket] == empty { return false }
            bucket = (bucket + 1) & mask
        }
        vacate(bucket, in: &table, items)
        return true
    }

    /// Empties bucket `hole` of `table`, shifting later entries of its run back to where their probes find
    /// them.
    private static func vacate(_ hole: Int, in table: inout [Int32], _ items: ChunkedArray<IndexItem?>) {
        let mask = table.count - 1
        var hole = hole, next = hole
        while true {
            next = (next + 1) & mask
            let moving = table[next]
            if moving == empty { break }
            guard let movingHash = items[Int(moving)]?.contentHash else { continue }
            // The entry may fill the hole if the hole lies between its home bucket and where it is.
            if (next - (Self.hashed(movingHash) & mask)) & mask >= (next - hole) & mask {
                table[hole] = moving
                hole = next
            }
        }
        table[hole] = empty
    }
}
