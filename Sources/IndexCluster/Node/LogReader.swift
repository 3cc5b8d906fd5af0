import IndexServer
import Logging
import PostgresNIO

/// Follows the change log into the node's replica: woken by each batch's NOTIFY, and every poll interval in
/// case one was missed.
struct LogReader {
    let node: ClusterNode
    let database: ClusterDatabase
    /// Rows read at a time.
    static let page = 1000

    func run() async throws {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        // LISTEN runs in a task of its own, never awaited: its notification sequence is not known to end when
        // its connection closes or the task is cancelled, and the reader must end as soon as reading fails
        // or the node stops (the connections are then closed, which ends every query).
        let database = self.database
        let listener = Task {
            try await database.connection.listen(on: ClusterDatabase.channel) { notifications in
                for try await _ in notifications { wake.yield() }
            }
        }
        defer { listener.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                while true {
                    try await node.clock.sleep(for: node.settings.pollInterval)
                    wake.yield()
                }
            }
            group.addTask {
                wake.yield()
                for await _ in wakes { try await readNewRows() }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Reads and applies every row that has become final since the last read.
    private func readNewRows() async throws {
        guard var feed = node.state.withLockedValue({ $0.member?.feed }) else { throw ClusterError.cutOff }
        let horizon = try await database.horizon()
        var rows: [LogRow]
        repeat {
            rows = try await database.readLog(after: feed.cursor, before: horizon, limit: Self.page)
            let steps = try feed.take(rows)
            try await Self.apply(steps, to: node.server)
            node.metrics?.applied(rows, node: feed.node)
            save(feed)
            if !steps.isEmpty { node.logger.debug("applied \(rows.count) log rows from other nodes, up to \(feed.cursor)") }
        } while rows.count == Self.page
        feed.reached(horizon: horizon)
        save(feed)
    }

    private func save(_ feed: ReplicaFeed) {
        node.state.withLockedValue { state in
            guard state.member?.node == feed.node else { return }
            state.member?.feed = feed
        }
    }

    /// Carries out a feed's steps on the server's replica.
    static func apply(_ steps: [ReplicaFeed.Step], to server: IndexServer) async throws {
        for step in steps {
            switch step {
            case .apply(let changes): try await server.applyReplicated(changes)
            case .dropPeers(let range): try await server.dropSessions(in: range)
            }
        }
    }
}
