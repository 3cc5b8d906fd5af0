/// Where ``Registry/listSources(of:size:for:into:)`` puts the sources a LOOKUP FILE lists, one at a time,
/// while the registry is read: the server writes each straight into its answer's bytes
/// (``LookupAnswerWriter``), tests and benchmarks collect them (``Registry/Lookup``).
///
/// The line and the name are lent for the call only, without counted references: a popular file lists
/// 200 sources, the same objects on every event loop. A listing that keeps them copies them.
protocol SourceListing {
    /// How many sources were added so far.
    var count: Int { get }
    /// About `count` sources are coming (at most that many).
    mutating func reserve(_ count: Int)
    /// Adds the source `line` names the file `name`.
    mutating func add(_ line: SourceLine, name: borrowing String)
}

/// Sources collected as values, with counted references (``Registry/sources(of:size:for:)``).
extension Array: SourceListing where Element == Registry.Lookup.Listed {
    mutating func reserve(_ count: Int) { reserveCapacity(count) }

    mutating func add(_ line: SourceLine, name: borrowing String) {
        append(Registry.Lookup.Listed(line: line, name: copy name))
    }
}
