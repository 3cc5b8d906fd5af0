import NIOCore
import NIOPosix
import Wire

/// One TCP connection speaking P2P-CI requests and answers, to an index or to a peer's upload server.
/// Requests may overlap; answers are matched in order.
final class ProtocolConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// - Parameters:
    ///   - maximumBody: the largest answer body accepted (a chunk, a search page, a classic file).
    ///   - dataLink: true for transfers: a receive buffer of up to 1 MiB instead of NIO's 64 KiB.
    static func connect(host: String, port: Int, group: any EventLoopGroup, maximumBody: Int = 64 << 20,
                        dataLink: Bool = false) async throws -> ProtocolConnection {
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
        if dataLink {
            bootstrap = bootstrap.channelOption(.recvAllocator,
                                                value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64 * 1024, maximum: 1 << 20))
        }
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limits = WireLimits(maximumLineLength: 64 * 1024, maximumHeaderCount: 64, maximumBodyLength: maximumBody)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(role: .response, limits: limits)))
                    try channel.pipeline.syncOperations.addHandler(ResponseRouter())
                }
            }
            .connect(host: host, port: port)
            .get()
        return ProtocolConnection(channel: channel)
    }

    func send(_ request: Request) async throws -> ParsedResponse {
        let promise = channel.eventLoop.makePromise(of: ParsedResponse.self)
        let bytes = channel.allocator.buffer(string: RequestEncoder.encode(request))
        channel.writeAndFlush(PendingRequest(bytes: bytes, promise: promise)).whenFailure { promise.fail($0) }
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }
}
