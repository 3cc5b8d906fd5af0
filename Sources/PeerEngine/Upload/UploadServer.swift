import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The peer's upload server: answers `GET FILE`, `GET CHUNKS` and classic `GET RFC` for shared files.
public final class UploadServer: Sendable {
    private let context: UploadContext
    private let group: any EventLoopGroup
    private let listener = NIOLockedValueBox<(any Channel)?>(nil)
    private let children = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])

    /// - Parameter pool: where shared files are opened (the engine's I/O pool).
    public init(catalog: ShareCatalog, limits: UploadLimits, statistics: UploadStatistics, guards: UploadGuards = UploadGuards(),
                logger: Logger, pool: NIOThreadPool, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        context = UploadContext(catalog: catalog, limits: limits, statistics: statistics, guards: guards, logger: logger, pool: pool)
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
                children.withLockedValue { $0[ObjectIdentifier(channel)] = channel }
                channel.closeFuture.whenComplete { _ in
                    _ = children.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UploadHandler(context: shared))
                }
            }
            .bind(host: host, port: port)
            .get()
        listener.withLockedValue { $0 = channel }
        return channel.localAddress?.port ?? port
    }

    /// Upload connections open now.
    public var openConnections: Int { context.admission.open }

    /// Stops accepting and closes every upload connection.
    public func stop() async {
        if let channel = listener.withLockedValue({ $0 }) { try? await channel.close() }
        for child in children.withLockedValue({ Array($0.values) }) { child.close(promise: nil) }
    }
}
