import Model

/// A hit held while a search runs: its full rank, and the packed rank key it is listed under, which tells
/// the search when no later candidate can beat it.
struct RankedHit: Comparable {
    let rank: SearchRank
    let key: UInt32

    static func < (a: RankedHit, b: RankedHit) -> Bool { a.rank < b.rank }
    static func == (a: RankedHit, b: RankedHit) -> Bool { a.rank == b.rank }

    /// What of this hit decides whether it outranks every candidate still to come.
    var bar: Bar { Bar(exactWords: rank.exactWords, key: key) }

    /// A hit's keywords matched whole and rank key, apart from its name: a search checks every candidate
    /// against the worst hit held, and reading these two copies nothing that is counted by reference.
    struct Bar {
        let exactWords: Int
        let key: UInt32

        /// Whether every candidate still to come from a walk, listed under keys no greater than `key` and
        /// matching at most `maximumExact` keywords whole, ranks below the hit.
        @inline(__always)
        func outranksEverything(after key: UInt32, maximumExact: Int) -> Bool {
            exactWords > maximumExact || (exactWords == maximumExact && self.key > key)
        }
    }
}
