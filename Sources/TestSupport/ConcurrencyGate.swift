/// Lets at most `limit` bodies run at once.
///
/// swift-testing runs the cases of a parameterized test in parallel. When each case starts a server and
/// sends megabytes, dozens at once starve a slow machine until unrelated deadlines pass; a suite passes its
/// cases through one gate to bound that, without running them one by one.
public actor ConcurrencyGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(limit: Int) {
        precondition(limit > 0, "a gate must let at least one body through")
        self.limit = limit
    }

    /// Runs `body` once fewer than `limit` others are running.
    public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        if running < limit {
            running += 1
            return
        }
        // The place is handed over by `leave`, which does not decrement `running` when it wakes a waiter.
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
