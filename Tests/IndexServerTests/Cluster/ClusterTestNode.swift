import IndexCluster
import IndexServer
import Logging
import NIOCore
import ServiceLifecycle
import TestSupport

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

    /// Settings that make a dead node gone within about 7 s, with room for a renewal to take seconds on a
    /// loaded machine (a sanitizer build beside other tests) before the node gives up serving.
    static func settings(_ name: String) -> ClusterSettings {
        var settings = ClusterSettings(nodeName: name)
        settings.lease = .seconds(6)
        settings.heartbeat = .milliseconds(500)
        settings.margin = .milliseconds(1500)
        settings.reapInterval = .milliseconds(500)
        settings.pollInterval = .milliseconds(500)
        settings.retry = .milliseconds(200)
        return settings
    }

    /// Starts a node of the cluster in `database` and waits until it has joined and serves.
    init(database: String, name: String) async throws {
        index = try await TestIndex.start { $0.reachabilityProbe = nil }
        node = ClusterNode(database: try DatabaseURL(database), server: index.server, settings: Self.settings(name),
                           logger: index.logs.logger(label: "cluster"))
        group = ServiceGroup(services: [node], logger: Logger(label: "test-group", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = self.group
        task = Task { try await group.run() }
        try await logs.waitFor("node \(name) to join its cluster") { $0.hasPrefix("joined the cluster as node") }
    }

    /// Waits until `condition` holds on this node: checked now and after each thing it logs (each batch of
    /// the log it applies, each node it reaps).
    func waitUntil(_ description: String, timeout: TimeAmount = TestDeadline.event,
                   _ condition: @escaping @Sendable (IndexServer) -> Bool) async throws {
        let server = self.server
        try await explaining { try await logs.waitFor(timeout: timeout, description) { _ in condition(server) } }
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
