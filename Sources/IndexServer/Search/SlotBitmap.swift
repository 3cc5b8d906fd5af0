/// A set of slots as one bit each: built once per search from the postings of the words a keyword
/// prefixes, it then answers each candidate with one load.
struct SlotBitmap {
    private var bits: [UInt64]

    /// Every slot listed in the postings of `ids`, for a registry of `slotCount` slots.
    init(_ ids: [Int32], in words: WordIndex, slotCount: Int) {
        bits = [UInt64](repeating: 0, count: (slotCount + 63) / 64)
        for id in ids {
            for slot in words.slots(of: id) { bits[Int(slot) >> 6] |= 1 << UInt64(slot & 63) }
        }
    }

    func contains(_ slot: Int32) -> Bool { bits[Int(slot) >> 6] & (1 << UInt64(slot & 63)) != 0 }
}
