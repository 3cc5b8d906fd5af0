import Model

/// A hit held while a search runs: its full rank, and the packed rank key it is listed under, which tells
/// the search when no later candidate can beat it.
struct RankedHit: Comparable {
    let rank: SearchRank
    let key: UInt32

    static func < (a: RankedHit, b: RankedHit) -> Bool { a.rank < b.rank }
    static func == (a: RankedHit, b: RankedHit) -> Bool { a.rank == b.rank }

    /// Whether every candidate still to come from a walk, listed under keys no greater than `key` and
    /// matching at most `maximumExact` keywords whole, ranks below this hit.
    func outranksEverything(after key: UInt32, maximumExact: Int) -> Bool {
        rank.exactWords > maximumExact || (rank.exactWords == maximumExact && self.key > key)
    }
}
