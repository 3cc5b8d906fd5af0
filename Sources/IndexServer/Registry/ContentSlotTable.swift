import Model

/// The slot of each content item by hash, in 8 bytes a bucket: the slot and 32 bits of the hash's seeded
/// hash value (its *tag*). The 32-byte hashes are not copied here, they are read from the items. (A
/// `[ContentHash: Int32]` keeps a copy of every hash and costs about 72 bytes a record at a million
/// records.)
///
/// Open addressing with linear probing, at most three quarters full, and deletion by shifting later
/// entries back (no tombstones). Buckets are chosen with the standard library's per-process seeded
/// hasher, so peers announcing chosen hashes cannot make probe chains long on purpose.
///
/// **Tags.** A probe compares tags, and reads an item only when its tag is the hash's own: the item is then
/// almost always the one sought. Moving an entry (a deletion's shift, the growth's move) takes its home
/// bucket from its tag, and reads no item at all. With slots alone (4 bytes a bucket), every probe read an
/// item at a random slot, a cache miss apiece, and a new file's hash, which is in no bucket, probes about
/// eight buckets at three quarters full: the table was a fifth of what registering a file cost the
/// registry, and growing it half of that (BENCHMARKS.md).
///
/// **Growing a little at a time.** Putting every entry of a full table into one twice its size at once took
/// 190 ms at a million items (when it read each entry's item), all of it under the registry's write lock, so
/// every search and lookup waited that long. Instead, the full table is kept as it is (``draining``) beside
/// the new one, and each insert or removal afterwards moves the entries of ``drainStep`` of its buckets
/// across, until it is empty; a lookup reads the new table, then the old. Entries leave the old table through
/// the same deletion as any other, so its probe chains stay whole, and every bucket before ``drainedUpTo``
/// is empty: the deletions' shifting, which stops at an empty bucket, never moves an entry back behind it.
/// The old table is empty long before the new one is full: it has half as many buckets as the new one, and
/// three eighths of the new one's buckets must fill before it grows again.
///
/// The new table itself is made ahead, a little at a time: once the table is five eighths full, each insert
/// adds ``prepareStep`` empty buckets to it. Made all at once, the 32 MB of a table for two million items
/// would take several milliseconds (the memory's first touch).
struct ContentSlotTable: Sendable {
    /// A bucket: the slot in the low 32 bits, the tag (the low 32 bits of the hash's ``hashed(_:)``) in the
    /// high 32. Slots are never negative, so no entry is all ones.
    private typealias Bucket = UInt64
    private static let empty = Bucket.max
    /// Buckets of the old table that each insert or removal empties into the new one while it drains.
    static let drainStep = 8
    /// Empty buckets each insert adds to the next table once the table is five eighths full: the next table
    /// (twice the buckets) is whole after a quarter of the inserts left before it is needed.
    static let prepareStep = 64

    /// Entries (slot and tag), or `empty`. Every slot listed holds a content item in the registry's `items`.
    private var buckets: [Bucket] = []
    /// The table before the last growth, while its entries move to `buckets` (empty when they all have).
    private var draining: [Bucket] = []
    /// Every bucket of `draining` before this one is empty.
    private var drainedUpTo = 0
    /// The table's next buckets, all empty, made ahead of the growth that will use them.
    private var next: [Bucket] = []
    /// Entries in both tables.
    private(set) var count = 0
    /// The bits of a hash's seeded hash value kept as its tag: all of them, except in tests, where few make
    /// many hashes share a tag (and a home bucket).
    private let tagMask: UInt32

    /// An empty table. `tagMask` keeps fewer bits of each tag, for tests only.
    init(tagMask: UInt32 = .max) {
        self.tagMask = tagMask
    }

    /// Whether an old table is still being emptied (for tests).
    var isDraining: Bool { !draining.isEmpty }
    /// Buckets of the current table, and of the next one made so far (for tests).
    var bucketCounts: (current: Int, next: Int) { (buckets.count, next.count) }

    /// The slot of the content item with `hash`, looked up among `items`.
    func slot(for hash: ContentHash, in items: ChunkedArray<IndexItem?>) -> Int32? {
        guard !buckets.isEmpty else { return nil }
        let tag = tag(hash)  // once for both tables
        if let found = Self.find(hash, tag: tag, in: buckets, items) { return Self.slot(of: buckets[found]) }
        if let found = Self.find(hash, tag: tag, in: draining, items) { return Self.slot(of: draining[found]) }
        return nil
    }

    /// Records that the content item with `hash` (not in the table yet) lives in `slot`.
    mutating func insert(_ slot: Int32, for hash: ContentHash) {
        drain()
        if count * 8 >= buckets.count * 5 { extendNext(by: Self.prepareStep) }
        if (count + 1) * 4 > buckets.count * 3 { grow() }
        Self.place(Self.bucket(slot, tag: tag(hash)), in: &buckets)
        count += 1
    }

    /// Forgets `slot`, which holds (or held) the content item with `hash`.
    mutating func remove(_ slot: Int32, for hash: ContentHash) {
        let entry = Self.bucket(slot, tag: tag(hash))
        if Self.delete(entry, from: &buckets) || Self.delete(entry, from: &draining) { count -= 1 }
        drain()
    }

    /// Starts a table twice the size (at least 16), the one made ahead (finished now if it is not yet whole),
    /// leaving the current one to drain into it. An old table not yet empty (which the sizes above rule out)
    /// is emptied first, all at once.
    private mutating func grow() {
        while !draining.isEmpty { drain() }
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
    private mutating func drain() {
        guard !draining.isEmpty else { return }
        let end = min(drainedUpTo + Self.drainStep, draining.count)
        while drainedUpTo < end {
            let entry = draining[drainedUpTo]
            guard entry != Self.empty else {
                drainedUpTo += 1
                continue
            }
            Self.place(entry, in: &buckets)
            Self.vacate(drainedUpTo, in: &draining)
            // The deletion may have shifted another entry into this bucket: it is looked at again.
        }
        if drainedUpTo == draining.count {
            draining = []
            drainedUpTo = 0
        }
    }

    // MARK: One table

    /// The low 32 bits of `hash` through the per-process seeded hasher: their low bits are its home bucket in
    /// a table (tables stay below 2^32 buckets; slots are 32-bit).
    private func tag(_ hash: ContentHash) -> UInt32 {
        var hasher = Hasher()
        hasher.combine(hash)
        return UInt32(truncatingIfNeeded: hasher.finalize()) & tagMask
    }

    @inline(__always)
    private static func bucket(_ slot: Int32, tag: UInt32) -> Bucket { Bucket(tag) << 32 | Bucket(UInt32(bitPattern: slot)) }

    @inline(__always)
    private static func slot(of entry: Bucket) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: entry)) }

    @inline(__always)
    private static func tag(of entry: Bucket) -> UInt32 { UInt32(truncatingIfNeeded: entry >> 32) }

    @inline(__always)
    private static func home(of entry: Bucket, mask: Int) -> Int { Int(tag(of: entry)) & mask }

    /// The bucket of `table` holding the item with `hash` (whose ``tag(_:)`` is `tag`).
    private static func find(_ hash: ContentHash, tag: UInt32, in table: [Bucket], _ items: ChunkedArray<IndexItem?>) -> Int? {
        guard !table.isEmpty else { return nil }
        let mask = table.count - 1
        var bucket = Int(tag) & mask
        while true {
            let entry = table[bucket]
            if entry == empty { return nil }
            if Self.tag(of: entry) == tag, items[Int(slot(of: entry))]?.contentHash == hash { return bucket }
            bucket = (bucket + 1) & mask
        }
    }

    /// Puts `entry` in the first empty bucket from its home on (the table has one).
    private static func place(_ entry: Bucket, in table: inout [Bucket]) {
        let mask = table.count - 1
        var bucket = home(of: entry, mask: mask)
        while table[bucket] != empty { bucket = (bucket + 1) & mask }
        table[bucket] = entry
    }

    /// Takes `entry` out of `table`. Returns whether it was there.
    private static func delete(_ entry: Bucket, from table: inout [Bucket]) -> Bool {
        guard !table.isEmpty else { return false }
        let mask = table.count - 1
        var bucket = home(of: entry, mask: mask)
        while table[bucket] != entry {
            if table[bucket] == empty { return false }
            bucket = (bucket + 1) & mask
        }
        vacate(bucket, in: &table)
        return true
    }

    /// Empties bucket `hole` of `table`, shifting later entries of its run back to where their probes find
    /// them.
    private static func vacate(_ hole: Int, in table: inout [Bucket]) {
        let mask = table.count - 1
        var hole = hole, next = hole
        while true {
            next = (next + 1) & mask
            let moving = table[next]
            if moving == empty { break }
            // The entry may fill the hole if the hole lies between its home bucket and where it is.
            if (next - home(of: moving, mask: mask)) & mask >= (next - hole) & mask {
                table[hole] = moving
                hole = next
            }
        }
        table[hole] = empty
    }
}
