import NIOCore
import NIOPosix

/// Whether a peer's upload port can be reached from outside: the index connects back to it right after
/// HELLO, from its own address, and sends `PING P2P-CI/2.1`. Any answer that starts `P2P-CI/` within
/// ``timeout`` counts (a 2.1 upload server answers 200, an older one 400); a refusal, silence, or anything
/// else means the peer is behind NAT or a firewall (PROTOCOL.md §5.1). Nothing but the peer's own claim is
/// taken on trust: the address is the one its connection comes from.
public struct ReachabilityProbe: Hashable, Sendable {
    /// How long the whole probe may take, connect and answer (PROTOCOL.md §8).
    public var timeout: TimeAmount

    public init(timeout: TimeAmount) { self.timeout = timeout }

    /// Three seconds: enough for a peer across the world, short enough that a HELLO from behind a NAT that
    /// drops the probe silently is still answered promptly.
    public static let standard = ReachabilityProbe(timeout: .seconds(3))

    /// Connects to `host`:`port` from `local` (the index's address on the peer's connection, any port).
    func check(host: String, port: Int, from local: SocketAddress?, on loop: any EventLoop) -> EventLoopFuture<Bool> {
        guard let target = try? SocketAddress(ipAddress: host, port: port), (1...65535).contains(port) else {
            return loop.makeSucceededFuture(false)
        }
        let verdict = loop.makePromise(of: Bool.self)
        let deadline = loop.scheduleTask(in: timeout) { verdict.succeed(false) }
        verdict.futureResult.whenComplete { _ in deadline.cancel() }
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ProbeHandler(verdict: verdict)) }
            }
        if let ip = local?.ipAddress, let source = try? SocketAddress(ipAddress: ip, port: 0) { bootstrap = bootstrap.bind(to: source) }
        bootstrap.connect(to: target).whenComplete { result in
            switch result {
            case .success(let channel):
                verdict.futureResult.whenComplete { _ in channel.close(promise: nil) }
            case .failure:
                verdict.succeed(false)
            }
        }
        return verdict.futureResult
    }

    /// Sends the PING and reads no more than the first bytes of the answer.
    private final class ProbeHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        static let ping = "PING P2P-CI/2.1\r\n\r\n"
        static let answerStart = Array("P2P-CI/".utf8)
        let verdict: EventLoopPromise<Bool>

        init(verdict: EventLoopPromise<Bool>) { self.verdict = verdict }

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: Self.ping)), promise: nil)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Self.unwrapInboundIn(data)
            let start = bytes.getBytes(at: bytes.readerIndex, length: min(bytes.readableBytes, Self.answerStart.count)) ?? []
            // An answer split before its seventh byte is read as a failure: a real upload server writes its
            // status line at once.
            verdict.succeed(start == Self.answerStart)
        }

        func channelInactive(context: ChannelHandlerContext) {
            verdict.succeed(false)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            verdict.succeed(false)
            context.close(promise: nil)
        }
    }
}
