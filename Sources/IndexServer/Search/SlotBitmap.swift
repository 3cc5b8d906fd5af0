/// A set of item slots as one bit each, for a search's scan: which slots other keywords match, and which
/// were examined already.
///
/// BitCollections' `BitArray` checks its storage's uniqueness on every bit it sets; a scan sets up to the
/// candidate cap of bits for each keyword, and that check was a fifth of a broad two-keyword search
/// (BENCHMARKS.md). Here a whole posting is set in one pass over the words.
struct SlotBitmap {
    private var words: [UInt64]

    /// An empty set for slots below `count`.
    init(slots count: Int) {
        words = Array(repeating: 0, count: (count + 63) / 64)
    }

    @inline(__always)
    subscript(slot: Int32) -> Bool {
        let index = Int(slot)
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    @inline(__always)
    mutating func insert(_ slot: Int32) {
        let index = Int(slot)
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    /// Adds the slot of every entry of `posting` (see ``RankKey/slot(of:)``).
    mutating func insert(slotsOf posting: SortedRuns) {
        words.withUnsafeMutableBufferPointer { words in
            posting.forEachRun { run in
                for entry in run {
                    let index = Int(RankKey.slot(of: entry))
                    words[index >> 6] |= 1 << UInt64(index & 63)
                }
                return true
            }
        }
    }
}
