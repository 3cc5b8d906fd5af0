import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The index's Prometheus endpoint (`shoal-index --metrics HOST:PORT`): a small HTTP/1.1 server on the
/// index's event loops that answers `GET /metrics` with the server's ``IndexMetrics`` and nothing else
/// (``MetricsRequestHandler`` says what each request gets), and the ``EventLoopLagProbe`` that feeds
/// `shoal_index_event_loop_lag_seconds`. It starts and stops with its ``IndexServer``.
///
/// Bounded like every other input (``MetricsEndpointLimits``, from the server's configuration): a few
/// connections at once, a few KiB of request each, one request per connection, and a deadline for all of it.
final class MetricsEndpoint: Sendable {
    /// How often each event loop is probed for lag.
    static let lagInterval: TimeAmount = .milliseconds(100)

    let address: MetricsAddress
    let limits: MetricsEndpointLimits
    private let context: IndexContext
    private let group: any EventLoopGroup
    private let probe: EventLoopLagProbe?
    private let state = NIOLockedValueBox(State())

    private struct State {
        var listener: (any Channel)?
        /// Admitted connections, closed by ``stop()``.
        var connections: [ObjectIdentifier: any Channel] = [:]
    }

    init(address: MetricsAddress, context: IndexContext, group: any EventLoopGroup) {
        self.address = address
        self.limits = context.configuration.metricsLimits
        self.context = context
        self.group = group
        self.probe = context.metrics.map { metrics in
            EventLoopLagProbe(group: group, interval: Self.lagInterval) { metrics.lagged($0) }
        }
    }

    /// Binds and starts answering; returns the address bound (port 0 becomes a real port). Throws
    /// ``MetricsBindError``.
    @discardableResult
    func start() async throws -> SocketAddress {
        do {
            return try await bind()
        } catch {
            throw MetricsBindError(address: address, underlying: error)
        }
    }

    private func bind() async throws -> SocketAddress {
        let context = self.context
        let limits = self.limits
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 32)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 2048))
            .childChannelInitializer { [self] channel in
                let admitted = admit(channel)
                var decoderLimits = NIOHTTPDecoderLimitConfiguration()
                decoderLimits.maxHeaderFieldSize = limits.maximumRequestBytes
                decoderLimits.maxHeaderListSize = limits.maximumRequestBytes
                decoderLimits.maxHeaderFieldCount = 64
                return channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(MetricsInputLimit(limit: limits.maximumRequestBytes))
                    try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(limitConfiguration: decoderLimits)))
                    try pipeline.addHandler(HTTPResponseEncoder())
                    try pipeline.addHandler(MetricsRequestHandler(refuse: !admitted, limits: limits, logger: context.logger) {
                        context.scrapeMetrics(allocator: $0)
                    })
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        state.withLockedValue { $0.listener = channel }
        probe?.start()
        guard let bound = channel.localAddress else { throw IndexServerError.notBound }
        context.logger.info("metrics on http://\(MetricsAddress(host: bound.ipAddress ?? address.host, port: bound.port ?? address.port))/metrics")
        return bound
    }

    /// Stops accepting, closes every metrics connection and the lag probe, and waits for the listener to close.
    func stop() async {
        probe?.stop()
        let (listener, open) = state.withLockedValue { state in
            defer { state.listener = nil }
            return (state.listener, Array(state.connections.values))
        }
        for channel in open { channel.close(promise: nil) }
        try? await listener?.close()
    }

    /// The port bound, while started.
    var port: Int? { state.withLockedValue { $0.listener?.localAddress?.port } }

    /// Counts `channel` in if there is room, and out when it closes.
    private func admit(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let admitted = state.withLockedValue { state in
            guard state.connections.count < limits.maximumConnections else { return false }
            state.connections[id] = channel
            return true
        }
        if admitted {
            channel.closeFuture.whenComplete { [self] _ in
                state.withLockedValue { _ = $0.connections.removeValue(forKey: id) }
            }
        }
        return admitted
    }
}
