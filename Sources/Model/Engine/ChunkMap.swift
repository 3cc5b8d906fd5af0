/// A download's chunks by state, as runs (`verified ×120, in flight ×3, missing ×900`): small enough to
/// send a few times a second for any file, and drawn one cell per chunk or per group of chunks.
public struct ChunkMap: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        /// Received, checked against the file's hash tree, and written.
        case verified
        /// Asked of a source, not verified yet.
        case inFlight
        case missing
    }

    public struct Run: Hashable, Sendable, Codable {
        public var state: State
        public var count: Int

        public init(_ state: State, _ count: Int) {
            self.state = state
            self.count = count
        }
    }

    public private(set) var runs: [Run] = []

    public init(runs: [Run] = []) {
        for run in runs { append(run.state, count: run.count) }
    }

    /// The map of chunk states in order.
    public init<States: Sequence>(states: States) where States.Element == State {
        for state in states { append(state, count: 1) }
    }

    public mutating func append(_ state: State, count: Int) {
        guard count > 0 else { return }
        if let last = runs.last, last.state == state {
            runs[runs.count - 1].count += count
        } else {
            runs.append(Run(state, count))
        }
    }

    /// Chunks in all.
    public var count: Int { runs.reduce(0) { $0 + $1.count } }

    /// Chunks in `state`.
    public func count(of state: State) -> Int { runs.reduce(0) { $0 + ($1.state == state ? $1.count : 0) } }

    /// The map squeezed or stretched into `cells` cells (as many as there are chunks when there are fewer).
    /// A cell covering several chunks is verified when all of them are, in flight when any is, else missing.
    public func cells(_ cells: Int) -> [State] {
        let total = count
        guard total > 0, cells > 0 else { return [] }
        let shown = min(cells, total)
        var result: [State] = []
        result.reserveCapacity(shown)
        var run = 0, usedInRun = 0
        for cell in 0..<shown {
            // Chunks [start, end) fall in this cell.
            let end = (cell + 1) * total / shown, start = cell * total / shown
            var remaining = end - start
            var all = true, anyInFlight = false
            while remaining > 0, run < runs.count {
                let take = min(remaining, runs[run].count - usedInRun)
                if runs[run].state != .verified { all = false }
                if runs[run].state == .inFlight { anyInFlight = true }
                remaining -= take
                usedInRun += take
                if usedInRun == runs[run].count { run += 1; usedInRun = 0 }
            }
            result.append(all ? .verified : anyInFlight ? .inFlight : .missing)
        }
        return result
    }
}
