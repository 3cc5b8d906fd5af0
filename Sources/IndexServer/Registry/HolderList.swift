/// The holders of one item, oldest first. Never empty: the first holder is stored inline and any others
/// in an array, so the usual item with a single holder needs no allocation for its list.
struct HolderList<Holder>: RandomAccessCollection, MutableCollection {
    private var oldestHolder: Holder
    /// The holders after the first; an empty array allocates nothing.
    private var others: [Holder] = []

    init(_ holder: Holder) { oldestHolder = holder }

    var startIndex: Int { 0 }
    var endIndex: Int { others.count + 1 }

    subscript(position: Int) -> Holder {
        get { position == 0 ? oldestHolder : others[position - 1] }
        set {
            if position == 0 { oldestHolder = newValue } else { others[position - 1] = newValue }
        }
    }

    /// Calls `body` with the holder at `position` where it lies: what the holder refers to (its name) is lent
    /// for the call, not copied with a counted reference as the subscript's copy does.
    @inline(__always)
    func withHolder<Result>(at position: Int, _ body: (borrowing Holder) -> Result) -> Result {
        if position == 0 { return body(oldestHolder) }
        return others.withUnsafeBufferPointer { body($0.baseAddress![position - 1]) }
    }

    /// The longest-standing holder (the list is never empty).
    var oldest: Holder { oldestHolder }

    /// The bits of the reference to the other holders' storage (``DisplayNamePrefetch`` looks for them).
    var otherHoldersBits: UInt { unsafeBitCast(others, to: UInt.self) }

    mutating func append(_ holder: Holder) { others.append(holder) }

    /// Removes and returns the holder at `position`. At least one holder must remain: an item whose last
    /// holder leaves is freed instead.
    @discardableResult
    mutating func remove(at position: Int) -> Holder {
        precondition(count > 1, "an item keeps at least one holder")
        let removed: Holder
        if position == 0 {
            removed = oldestHolder
            oldestHolder = others.removeFirst()
        } else {
            removed = others.remove(at: position - 1)
        }
        if others.isEmpty { others = [] }  // give the buffer back
        return removed
    }
}

extension HolderList: Sendable where Holder: Sendable {}
