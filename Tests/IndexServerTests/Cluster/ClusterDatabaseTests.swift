@testable import IndexCluster
import Logging
import TestSupport
import Testing

/// The node's connection to the database when the database goes away: every statement ends, with an error,
/// instead of waiting for an answer that never comes (what kept a cut-off node from ever joining again).
@Suite("Cluster database connection: statements end when the database goes away")
struct ClusterDatabaseTests {
    @Test("a statement running when the database stops fails, and so does every one sent after it, at once")
    func statementsEndWhenTheDatabaseStops() async throws {
        let postgres = try await PostgresServer.start()
        let url = try DatabaseURL(try await postgres.makeDatabase())
        // Connecting is set-up here, not the subject: it is given the tests' deadline, which grows under the
        // sanitizers (the node's 5 s ran out under ThreadSanitizer on a busy host).
        let database = try await PostgresServer.explaining("the node's connection") {
            try await ClusterDatabase.connect(url, id: 1, idleTimeout: TestDeadline.eventDuration,
                                              connectTimeout: TestDeadline.event, logger: Logger(label: "test"))
        }
        let ended = Recorder<String>()
        // Tasks of their own, never awaited: a statement that hangs must fail the wait below, not hang the test.
        Task {
            do {
                for try await _ in try await database.query("SELECT pg_sleep(60)::text") {}
                ended.append("running: finished")
            } catch {
                ended.append("running: \(error)")
            }
        }
        try await postgres.stop()
        try await ended.waitFor("the running statement to end") { $0.hasPrefix("running") }
        Task {
            do {
                _ = try await database.horizon()
                ended.append("after: answered")
            } catch {
                ended.append("after: \(error)")
            }
        }
        try await ended.waitFor("a statement sent after the stop to end") { $0.hasPrefix("after") }
        #expect(ended.all.first { $0.hasPrefix("running") } != "running: finished")
        #expect(ended.all.first { $0.hasPrefix("after") } == "after: \(ClusterError.connectionClosed)")
        await database.close()
        try await postgres.restart()
        try await postgres.shutdown()
    }
}
