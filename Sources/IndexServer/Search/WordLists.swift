import CPrefetch

/// Each slot's word ids, all in one array: 4 bytes a word and 8 a slot, where an array per slot would cost
/// a header and an allocation each (about 48 bytes more a record at a million records), and reading a
/// candidate's words would cost a cache miss more.
///
/// A slot's list is a range of the pool. A list that is given up goes on a free list of its length and is
/// reused by the next list of that length; names have a handful of words, so lengths repeat and the pool
/// stays about as large as the lists in use.
struct WordLists: Sendable {
    private var pool: [Int32] = []
    /// Per slot: offset in `pool` (high 32 bits) and length (low 32 bits); 0 for an empty list.
    private var ranges: [UInt64] = []
    /// Offsets of given-up lists, by length.
    private var free: [Int: [UInt32]] = [:]

    /// Entries in the pool, in use or free.
    var poolSize: Int { pool.count }

    /// The word ids of `slot` (empty for a slot never set or cleared).
    @inline(__always)
    subscript(slot: Int32) -> ArraySlice<Int32> {
        guard Int(slot) < ranges.count else { return [] }
        let range = ranges[Int(slot)]
        let offset = Int(range >> 32), count = Int(range & 0xFFFF_FFFF)
        return pool[offset..<(offset + count)]
    }

    /// Starts bringing in the lists of the slots of posting entries `entries`, all at once, ahead of their
    /// use: first the slots' places in the list table, then the lists they point to.
    func prefetch(_ entries: ArraySlice<UInt64>) {
        ranges.prefetchElements(atSlotsOf: entries)
        pool.withUnsafeBufferPointer { pool in
            for entry in entries where Int(RankKey.slot(of: entry)) < ranges.count {
                let range = ranges[Int(RankKey.slot(of: entry))]
                if range & 0xFFFF_FFFF != 0 { shoal_prefetch(pool.baseAddress! + Int(range >> 32)) }
            }
        }
    }

    /// Makes `ids` the list of `slot`.
    mutating func set(_ slot: Int32, _ ids: [Int32]) {
        let index = Int(slot)
        if index >= ranges.count { ranges.append(contentsOf: repeatElement(0, count: index + 1 - ranges.count)) }
        let old = ranges[index]
        let oldCount = Int(old & 0xFFFF_FFFF)
        if oldCount == ids.count, oldCount > 0 {
            let offset = Int(old >> 32)
            pool.replaceSubrange(offset..<(offset + oldCount), with: ids)
            return
        }
        if oldCount > 0 { free[oldCount, default: []].append(UInt32(old >> 32)) }
        guard !ids.isEmpty else {
            ranges[index] = 0
            return
        }
        let offset: Int
        if let reused = free[ids.count]?.popLast() {
            offset = Int(reused)
            pool.replaceSubrange(offset..<(offset + ids.count), with: ids)
        } else {
            offset = pool.count
            pool.append(contentsOf: ids)
        }
        ranges[index] = UInt64(offset) << 32 | UInt64(ids.count)
    }
}
