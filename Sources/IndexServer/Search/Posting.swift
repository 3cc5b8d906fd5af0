/// The slots that contain one word, in ascending order: 4 bytes a slot in one array.
///
/// New items mostly take new, larger slots, so inserting is usually an append. Inserting a reused slot or
/// removing one moves the slots after it (a memmove); membership is a binary search.
struct Posting: Sendable, RandomAccessCollection {
    private var slots: [Int32] = []

    var startIndex: Int { slots.startIndex }
    var endIndex: Int { slots.endIndex }
    subscript(position: Int) -> Int32 { slots[position] }

    /// Whether `slot` is listed.
    func contains(_ slot: Int32) -> Bool {
        let index = insertionIndex(of: slot)
        return index < slots.count && slots[index] == slot
    }

    /// Lists `slot`; listing it again changes nothing.
    mutating func insert(_ slot: Int32) {
        if let last = slots.last, last < slot {
            slots.append(slot)
            return
        }
        let index = insertionIndex(of: slot)
        if index == slots.count || slots[index] != slot { slots.insert(slot, at: index) }
    }

    /// Stops listing `slot` (if it was).
    mutating func remove(_ slot: Int32) {
        let index = insertionIndex(of: slot)
        if index < slots.count, slots[index] == slot { slots.remove(at: index) }
    }

    /// The first position whose slot is not less than `slot`.
    private func insertionIndex(of slot: Int32) -> Int {
        var low = 0, high = slots.count
        while low < high {
            let middle = (low + high) / 2
            if slots[middle] < slot { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
