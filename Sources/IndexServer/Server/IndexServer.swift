import Foundation
import Logging
import Model
import NIOConcurrencyHelpers
import NIOCore
import Prometheus
import NIOPosix
import ServiceLifecycle
import Trust

/// The index server: binds, serves every connection on a shared event-loop group (no thread per peer),
/// and on graceful shutdown stops accepting and closes every connection, which clears their records.
///
/// Use ``start()`` / ``stop()`` directly (tests), or run it as a `Service` in a `ServiceGroup` (the binary).
public final class IndexServer: Service, Sendable {
    public let configuration: IndexServerConfiguration
    /// Bytes read from a connection at a time (each connection keeps one such buffer).
    static let receiveBufferSize = 2048
    let context: IndexContext
    private let group: any EventLoopGroup
    private let listener = NIOLockedValueBox<(any Channel)?>(nil)
    /// The Prometheus endpoint, when `configuration.metricsAddress` asks for one.
    private let metrics: MetricsEndpoint?

    public init(configuration: IndexServerConfiguration, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        let context = IndexContext(configuration: configuration, logger: logger, group: group)
        self.context = context
        self.group = group
        self.metrics = configuration.metricsAddress.map { MetricsEndpoint(address: $0, context: context, group: group) }
    }

    /// Binds and starts accepting; returns the address actually bound (port 0 becomes a real port).
    @discardableResult
    public func start() async throws -> SocketAddress {
        let shared = context
        context.startThreads()
        let channel: any Channel
        do {
            channel = try await bootstrap(shared)
        } catch {
            await context.stopThreads()
            throw error
        }
        listener.withLockedValue { $0 = channel }
        guard let address = channel.localAddress else { throw IndexServerError.notBound }
        context.logger.info("listening on \(address.ipAddress ?? configuration.host):\(address.port ?? configuration.port)")
        if let identity = configuration.links.identity {
            let host = configuration.host == "0.0.0.0" || configuration.host == "::" ? "HOST" : configuration.host
            context.logger.notice("the address to give peers (--index, or index in config.toml): '\(IndexAddress(host: host, port: address.port ?? configuration.port, keyprint: identity.keyprint.description).location)'")
        }
        do { try await metrics?.start() } catch { try? await stop(); throw error }
        return address
    }

    /// Binds the listening channel; every connection gets an ``IndexConnectionHandler``.
    private func bootstrap(_ shared: IndexContext) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // NIO keeps each connection's last receive buffer for reuse, at the largest size the adaptive
            // allocator grew to. One ADD FILES of 100 names grew it to 16-32 KiB, held by every idle peer for
            // its whole life (160 MB at 10,000 peers). Index requests are small; big bodies just take more reads.
            .childChannelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.receiveBufferSize))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Answers are small and most connections idle: each keeps at most 2 KiB of TLS write buffer.
                    try channel.pipeline.syncOperations.addHandler(TLSSniffer(context: shared.configuration.links.identity?.serverContext,
                                                                              keptOutboundBuffer: 2048))
                    try channel.pipeline.syncOperations.addHandler(IndexConnectionHandler(shared: shared))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
    }

    /// Stops accepting, closes every connection, and waits for the listener to close.
    public func stop() async throws {
        guard let channel = listener.withLockedValue({ $0 }) else { return }
        try? await channel.close()
        await metrics?.stop()
        context.closeAll()
        await context.stopThreads()
        context.logger.info("stopped")
    }

    /// `Service`: serves until graceful shutdown (SIGINT/SIGTERM through a ServiceGroup) or cancellation.
    public func run() async throws {
        try await start()
        guard let channel = listener.withLockedValue({ $0 }) else { return }
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await channel.closeFuture.get()
        } onCancelOrGracefulShutdown: {
            channel.close(promise: nil)
        }
        await metrics?.stop()
        context.closeAll()
        await context.stopThreads()
        context.logger.info("stopped")
    }

    /// Puts new tokens and bans in force (SIGHUP, `shoal-index token revoke`, §9.2): connections admitted by
    /// a token that is gone, and connections from addresses now banned, are closed at once.
    public func replaceAccess(tokens: AccessTokens, bans: BanList) {
        let revoked = context.access.replace(tokens: tokens, bans: bans)
        let banned = context.openChannels.filter { bans.bans(IndexConnectionHandler.hostText($0.remoteAddress)) }
        for channel in revoked + banned { channel.close(promise: nil) }
        context.logger.notice("""
            access rules reloaded: \(tokens.entries.count) tokens, \(bans.count) bans; closed \(revoked.count) \
            connections of revoked tokens and \(banned.count) from banned addresses
            """)
    }

    /// Holds the registry's write lock on a thread of its own, as a big change would, until `wait` returns:
    /// tests show with it what must not wait for the lock.
    @_spi(Testing) public func holdRegistry(while wait: @escaping @Sendable () -> Void) {
        let registry = context.registry
        Thread.detachNewThread { registry.withWriteLock { _ in wait() } }
    }

    /// Runs `hook` on the worker thread before each search, as if searching took that long: tests hold
    /// searches with it to show that nothing else waits for them.
    @_spi(Testing) public func beforeEachSearch(_ hook: (@Sendable () -> Void)?) {
        context.beforeSearch.withLockedValue { $0 = hook }
    }

    /// The port bound, once started.
    public var port: Int? { listener.withLockedValue { $0?.localAddress?.port } }

    /// The Prometheus endpoint's port, once started; nil when it is off.
    public var metricsPort: Int? { metrics?.port }

    /// The registry the Prometheus endpoint emits, for what runs beside the server to add its own metrics to
    /// (a cluster node's); nil when the endpoint is off.
    public var metricsRegistry: PrometheusCollectorRegistry? { context.metrics?.registry }

    /// A snapshot of the registry's size: (sessions, distinct items, records).
    public var statistics: (sessions: Int, items: Int, records: Int) {
        context.registry.withReadLock { ($0.sessionCount, $0.itemCount, $0.recordCount) }
    }

    /// Memory held by requests received and not yet answered, now and at most so far (all connections).
    public var bufferedBytes: (now: Int, peak: Int) {
        (context.bufferedBytes.load(ordering: .relaxed), context.peakBufferedBytes.load(ordering: .relaxed))
    }

    /// Connections open now.
    public var openConnections: Int { context.openConnections }
}

public enum IndexServerError: Error, CustomStringConvertible {
    case notBound
    public var description: String { "the server did not bind to an address" }
}
