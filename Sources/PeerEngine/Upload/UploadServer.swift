import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Trust
import Wire

/// The peer's upload server: answers `GET FILE`, `GET CHUNKS` and classic `GET RFC` for shared files.
public final class UploadServer: Sendable {
    private let context: UploadContext
    private let group: any EventLoopGroup
    private let listener = NIOLockedValueBox<(any Channel)?>(nil)
    private let children = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    /// - Parameters:
    ///   - pool: where shared files are opened (the engine's I/O pool).
    ///   - trust: TLS on upload connections (§9.1), this peer always the TLS server; nil: plaintext only.
    public init(catalog: ShareCatalog, limits: UploadLimits, statistics: UploadStatistics, guards: UploadGuards = UploadGuards(),
                logger: Logger, pool: NIOThreadPool, trust: PeerTrust? = nil,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        context = UploadContext(catalog: catalog, limits: limits, statistics: statistics, guards: guards, logger: logger, pool: pool,
                                trust: trust)
        self.group = group
    }

    /// Binds (port 0 picks a free one) and returns the port.
    public func start(host: String, port: Int) async throws -> Int {
        let shared = context
        let children = self.children
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                Self.track(channel, in: children)
                return channel.eventLoop.makeCompletedFuture {
                    try Self.sniff(channel, shared)
                    try channel.pipeline.syncOperations.addHandler(GiveReceiver(gives: shared.gives, logger: shared.logger))
                    try channel.pipeline.syncOperations.addHandler(UploadHandler(context: shared))
                }
            }
            .bind(host: host, port: port)
            .get()
        listener.withLockedValue { $0 = channel }
        return channel.localAddress?.port ?? port
    }

    /// Connects back to a downloader the index could not have reach this peer (§5.11): says `GIVE` with
    /// the token, then serves the downloader's requests on that connection as on any upload connection
    /// (slots, limits and all).
    public func connectBack(_ push: RelayPush) {
        let logger = context.logger
        outbound(ClientBootstrap(group: group).connectTimeout(.seconds(5)), giving: push.token)
            .connect(host: push.host, port: push.port)
            .whenComplete { result in
                switch result {
                case .success: logger.info("connected back to \(push.asker) at \(push.host):\(push.port), as the index asked")
                case .failure(let error): logger.info("could not connect back to \(push.asker) at \(push.host):\(push.port): \(error)")
                }
            }
    }

    /// Punches a connection to a downloader that is behind NAT too (§5.12): meets it at the index, then
    /// connects to it from the meeting's port while it connects here, and serves it as any upload connection.
    /// - Parameter indexTLS: TLS for the meeting, as on this peer's index connection (nil: plaintext).
    public func punch(_ push: RelayPush, indexHost: String, indexPort: Int,
                      indexTLS: @escaping @Sendable () async -> TLSDialing?) {
        Task {
            do {
                let (local, host, port) = try await HolePunch.meet(push.token, indexHost: indexHost, indexPort: indexPort,
                                                                   tls: await indexTLS(), group: group)
                _ = try await HolePunch.open {
                    try await self.outbound(HolePunch.sharing(local, ClientBootstrap(group: self.group)).connectTimeout(.seconds(3)))
                        .connect(host: host, port: port).get()
                }
                context.logger.info("punched a connection to \(push.asker) at \(host):\(port), as the index asked")
            } catch {
                context.logger.info("could not punch a connection to \(push.asker): \(error)")
            }
        }
    }

    /// `bootstrap` for an upload connection this peer opens itself (to a downloader behind NAT, or one it
    /// punches to): served as an accepted one, and closed by ``stop()``; saying `GIVE` first when `token`
    /// is given.
    private func outbound(_ bootstrap: ClientBootstrap, giving token: RelayToken? = nil) -> ClientBootstrap {
        let shared = context, children = self.children
        return bootstrap
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                Self.track(channel, in: children)
                return channel.eventLoop.makeCompletedFuture {
                    // GIVE goes out in plaintext, before the downloader starts TLS (as the client: the source
                    // is the TLS server whoever connected).
                    if let token { try channel.pipeline.syncOperations.addHandler(GiveOpening(token: token)) }
                    try Self.sniff(channel, shared)
                    try channel.pipeline.syncOperations.addHandler(UploadHandler(context: shared))
                }
            }
    }

    /// The connection a source behind NAT opens back to this peer with `token`, if one does within `timeout`.
    func expectGive(_ token: RelayToken, timeout: TimeAmount) -> EventLoopFuture<any Channel> {
        context.gives.expect(token, on: group.next(), timeout: timeout)
    }

    /// Stops waiting for a connection with `token` (the index refused to pass the request on).
    func cancelGive(_ token: RelayToken) {
        context.gives.claim(token)?.fail(CancellationError())
    }

    /// Puts the sniffer that tells a TLS downloader (0x16 first) from a plaintext one (and closes a TLS one
    /// at once when TLS is off).
    private static func sniff(_ channel: any Channel, _ shared: UploadContext) throws {
        try channel.pipeline.syncOperations.addHandler(TLSSniffer(context: shared.trust?.identity.serverContext))
    }

    /// Keeps `channel` among the connections ``stop()`` closes, until it closes.
    private static func track(_ channel: any Channel, in children: NIOLockedValueBox<[ObjectIdentifier: any Channel]>) {
        children.withLockedValue { $0[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { _ in
            _ = children.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    /// Upload connections open now.
    public var openConnections: Int { context.admission.open }

    /// Stops accepting and closes every upload connection.
    public func stop() async {
        if let channel = listener.withLockedValue({ $0 }) { try? await channel.close() }
        for child in children.withLockedValue({ Array($0.values) }) { child.close(promise: nil) }
    }
}
