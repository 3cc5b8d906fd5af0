import IndexServer
import Logging
import NIOCore
import NIOPosix
import Trust

/// A real index server on 127.0.0.1 and a free port, recording its logs; stopped when the body ends.
public struct TestIndex: Sendable {
    public let server: IndexServer
    public let port: Int
    public let logs: LogRecorder

    /// Runs `body` against a fresh server on `group`; `configure` adjusts its configuration first.
    public static func with<T>(_ configure: (inout IndexServerConfiguration) -> Void = { _ in },
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                               _ body: (TestIndex) async throws -> T) async throws -> T {
        let index = try await start(configure, group: group)
        do {
            let result = try await body(index)
            try await index.server.stop()
            return result
        } catch {
            try? await index.server.stop()
            throw error
        }
    }

    /// Starts a fresh server on `group`, for a test that stops it itself; `configure` adjusts its
    /// configuration first.
    public static func start(_ configure: (inout IndexServerConfiguration) -> Void = { _ in },
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> TestIndex {
        var configuration = IndexServerConfiguration(host: "127.0.0.1", port: 0)
        // The index's own timeouts are far longer than any wait of a test (``TestDeadline``): on a slow
        // machine (a sanitizer build beside other tests), a request sent a byte at a time can take more than
        // the default 30 s. A test that needs a timeout to fire sets a short one in `configure`.
        configuration.timeouts.request = .seconds(600)
        configuration.timeouts.idle = .seconds(600)
        configuration.metricsLimits.timeout = .seconds(600)  // the metrics endpoint's (off unless a test turns it on)
        // A live upload server answers the reachability probe however slowly; a closed port refuses at once.
        configuration.reachabilityProbe = ReachabilityProbe(timeout: TestDeadline.event)
        // TLS as shoal-index runs it, and plaintext P2P-CI/2.1 too, for the raw clients of hostile tests.
        configuration.links = LinkPolicy(identity: TestIdentities.index, allowsPlaintext: true)
        configure(&configuration)
        let logs = LogRecorder()
        let server = IndexServer(configuration: configuration, logger: logs.logger(label: "shoal-index"), group: group)
        let address = try await server.start()
        return TestIndex(server: server, port: address.port ?? 0, logs: logs)
    }

    /// A raw client connected to this server; with `tls`, over TLS (checking the index's key).
    public func connect(tls: Bool = false) async throws -> RawClient {
        try await RawClient.connect(port: port, tls: tls ? TLSDialing(identity: TestIdentities.stranger, expecting: TestIdentities.index.keyprint) : nil)
    }

    /// Waits until the server has logged that `peer` left (its records are then gone).
    public func waitUntilLeft(_ peer: String, timeout: TimeAmount = TestDeadline.event) async throws {
        try await logs.waitFor(timeout: timeout, "\(peer) to leave") { $0.hasPrefix("peer \(peer) left") }
    }
}
