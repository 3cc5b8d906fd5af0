/// Each slot's word ids, all in one pool: 4 bytes a word and 8 a slot, where an array per slot would cost
/// a header and an allocation each (about 48 bytes more a record at a million records), and reading a
/// candidate's words would cost a cache miss more.
///
/// A slot's list is a range of the pool. A list that is given up goes on a free list of its length and is
/// reused by the next list of that length; names have a handful of words, so lengths repeat and the pool
/// stays about as large as the lists in use.
///
/// Pool and ranges are chunked (``ChunkedArray``): at a million records the pool holds about ten million
/// ids, and doubling one array of them copied 40 MB under the registry's write lock. A list never spans two
/// chunks of the pool (the rest of a chunk too short for the next list is left unused: with the default
/// limits a list has at most 512 words, 32 names of 16, and a chunk holds 16,384).
struct WordLists: Sendable {
    /// Most ids in one list: a chunk of the pool.
    static var maximumLength: Int { ChunkedArray<Int32>.chunkSize }

    private var pool = ChunkedArray<Int32>()
    /// Per slot: offset in `pool` (high 32 bits) and length (low 32 bits); 0 for an empty list.
    private var ranges = ChunkedArray<UInt64>()
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
        return pool.slice(offset..<(offset + count))
    }

    /// Starts bringing in the lists of the slots of posting entries `entries`, all at once, ahead of their
    /// use: first the slots' places in the list table, then the lists they point to.
    func prefetch(_ entries: ArraySlice<UInt64>) {
        ranges.prefetchElements(atSlotsOf: entries)
        for entry in entries where Int(RankKey.slot(of: entry)) < ranges.count {
            let range = ranges[Int(RankKey.slot(of: entry))]
            if range & 0xFFFF_FFFF != 0 { pool.prefetchElement(at: Int(range >> 32)) }
        }
    }

    /// Makes `ids` the list of `slot`.
    mutating func set(_ slot: Int32, _ ids: [Int32]) {
        let index = Int(slot)
        if index >= ranges.count { ranges.append(repeating: 0, count: index + 1 - ranges.count) }
        let old = ranges[index]
        let oldCount = Int(old & 0xFFFF_FFFF)
        if oldCount == ids.count, oldCount > 0 {
            pool.replace(from: Int(old >> 32), with: ids)
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
            pool.replace(from: offset, with: ids)
        } else {
            offset = pool.appendTogether(ids, filler: 0)
        }
        ranges[index] = UInt64(offset) << 32 | UInt64(ids.count)
    }
}
