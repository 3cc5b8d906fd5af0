/// A session's record slots, in ascending order (4 to 8 bytes a slot): BROWSE pages through them from a
/// cursor without sorting them.
struct SlotSet: Sendable, Sequence {
    private var entries = SortedRuns()

    var count: Int { entries.count }

    func contains(_ slot: Int32) -> Bool { entries.contains(Self.entry(slot)) }

    mutating func insert(_ slot: Int32) { entries.insert(Self.entry(slot)) }

    mutating func remove(_ slot: Int32) { entries.remove(Self.entry(slot)) }

    func makeIterator() -> Iterator { Iterator(base: entries.makeIterator()) }

    /// The slots from `start` on, ascending.
    func slots(from start: Int32) -> Iterator { Iterator(base: entries.entries(from: Self.entry(Swift.max(start, 0)))) }

    private static func entry(_ slot: Int32) -> UInt64 { UInt64(UInt32(bitPattern: slot)) }

    struct Iterator: IteratorProtocol {
        var base: SortedRuns.Iterator
        mutating func next() -> Int32? { base.next().map { Int32(truncatingIfNeeded: $0) } }
    }
}
