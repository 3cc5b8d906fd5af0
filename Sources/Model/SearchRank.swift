/// Where a search hit ranks, by the keys of PROTOCOL.md §5.5 in order: more keywords equal to a whole word,
/// more sources, a shorter name (in characters), the name, then the searcher's own order. Greater is better.
///
/// The index ranks its hits with it, and a peer ranks a classic index's records with it, so that both
/// order results the same way.
public struct SearchRank: Comparable, Sendable {
    public let exactWords: Int
    public let sources: Int
    public let nameLength: Int
    public let name: String
    /// The searcher's internal order (the index's slot, a classic item's RFC number): the last key.
    public let order: Int32

    @inlinable
    public init(exactWords: Int, sources: Int, nameLength: Int, name: String, order: Int32) {
        self.exactWords = exactWords
        self.sources = sources
        self.nameLength = nameLength
        self.name = name
        self.order = order
    }

    @inlinable
    public static func < (a: SearchRank, b: SearchRank) -> Bool {
        if a.exactWords != b.exactWords { return a.exactWords < b.exactWords }
        if a.sources != b.sources { return a.sources < b.sources }
        if a.nameLength != b.nameLength { return a.nameLength > b.nameLength }
        if a.name != b.name { return a.name > b.name }
        return a.order > b.order
    }

    @inlinable
    public static func == (a: SearchRank, b: SearchRank) -> Bool { a.order == b.order && a.name == b.name }
}
