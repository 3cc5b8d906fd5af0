/// What a search's answer depends on (``Registry/searchStamp(_:)``): the words one of its keywords
/// prefixes, and how often their items have changed. A remembered answer is reused only while the stamp
/// is the same.
struct SearchStamp: Hashable, Sendable {
    /// The registry it was made in (``Registry/searchEpoch``).
    let epoch: UInt64
    /// The keyword, by its place in the query.
    let keyword: Int
    /// The ids of the words it prefixes, ascending.
    let words: [Int32]
    /// The sum of those words' generations.
    let generation: UInt64
}
