import IndexCluster
import IndexServer
import Logging
import Model
import NIOCore
import ServiceLifecycle
import TestSupport
import Wire

/// One index node of a test cluster, in this process: a real ``IndexServer`` on a free port and its
/// ``ClusterNode``, with short leases so that failures show within seconds.
final class ClusterTestNode: Sendable {
    let index: TestIndex
    let node: ClusterNode
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    var server: IndexServer { index.server }
    var port: Int { index.port }
    var logs: LogRecorder { index.logs }

    /// Settings that make a dead node gone within about 20 s, with room for a renewal to wait 15 s before the
    /// node gives up serving. These nodes run inside the test process, on the threads every other test of the
    /// suite is using at the same time: in CI their tasks have waited more than 5 s for a thread, and a node
    /// starved that long rightly stops serving. Four times longer in a sanitizer build (TestDeadline.scale).
    static func settings(_ name: String) -> ClusterSettings {
        var settings = ClusterSettings(nodeName: name)
        settings.lease = .seconds(20 * TestDeadline.scale)
        settings.heartbeat = .milliseconds(500)
        settings.margin = .seconds(5 * TestDeadline.scale)
        settings.reapInterval = .milliseconds(500)
        settings.pollInterval = .milliseconds(500)
        settings.retry = .milliseconds(200)
        return settings
    }

    /// Starts a node of the cluster in `database` and waits until it has joined and serves; with `metrics`, its
    /// Prometheus endpoint too; with `probe`, it checks whether peers can be reached (§5.1). A node joining a big
    /// cluster loads its whole snapshot first: `joinTimeout` bounds that.
    init(database: String, name: String, metrics: Bool = false, probe: Bool = false,
         joinTimeout: TimeAmount = TestDeadline.event) async throws {
        index = try await TestIndex.start { configuration in
            if !probe { configuration.reachabilityProbe = nil }
            if metrics { configuration.metricsAddress = MetricsAddress(parsing: "127.0.0.1:0") }
        }
        node = ClusterNode(database: try DatabaseURL(database), server: index.server, settings: Self.settings(name),
                           logger: index.logs.logger(label: "cluster"))
        group = ServiceGroup(services: [node], logger: Logger(label: "test-group", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = self.group
        task = Task { try await group.run() }
        try await logs.waitFor(timeout: joinTimeout, "node \(name) to join its cluster") { $0.hasPrefix("joined the cluster as node") }
    }

    /// Waits until `condition` holds on this node: checked now and after each thing it logs (each batch of
    /// the log it applies, each node it reaps).
    func waitUntil(_ description: String, timeout: TimeAmount = TestDeadline.event,
                   _ condition: @escaping @Sendable (IndexServer) -> Bool) async throws {
        let server = self.server
        try await explaining { try await logs.waitFor(timeout: timeout, description) { _ in condition(server) } }
    }

    /// The lines a SEARCH for `words` on this node answers (50 at most).
    func search(_ words: [String]) async throws -> [String] {
        let client = try await RawClient.connect(port: port)
        try await client.send(RequestEncoder.encode(.search(SearchQuery(keywords: words, limit: 50))))
        let answer = try await client.response()
        await client.close()
        return String(buffer: answer.body).split(separator: "\r\n").map(String.init)
    }

    /// Runs `body`; if it fails, the error says what this node logged, so a failure in CI explains itself.
    @discardableResult
    func explaining<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Explained(description: "\(error); node log:\n" + logs.messages(atLeast: .info).suffix(40).joined(separator: "\n"))
        }
    }

    struct Explained: Error, CustomStringConvertible {
        let description: String
    }

    /// Leaves the cluster cleanly (as on SIGTERM), then stops the server.
    func leave() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
        try await index.server.stop()
    }

    /// Dies without a word, as after kill -9: the node stops writing and renewing, and its peers' connections
    /// close; only its lease running out tells the others.
    func crash() async throws {
        task.cancel()
        _ = try? await task.value
        try await index.server.stop()
    }
}
