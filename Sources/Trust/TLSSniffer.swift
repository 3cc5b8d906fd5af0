import NIOCore
import NIOSSL
import NIOTLS

/// First on every accepted connection where TLS and plaintext share a port (an index's, a peer's upload
/// port): a TLS connection's first byte is 0x16, a handshake record, and no P2P-CI request starts with it.
/// For TLS it puts a server handler behind itself, which presents `context`'s certificate (and asks the
/// client for none). Either way it tells the handlers behind with a ``LinkSecurity`` event, then leaves.
///
/// Without a context (a server with TLS off) a TLS client is closed at once, so that it knows at once that
/// TLS is not spoken here, instead of waiting for a handshake that never comes.
public final class TLSSniffer: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer

    private static let handshakeRecord: UInt8 = 0x16
    private let context: NIOSSLContext?
    private let handling: NIOSSLHandler.Configuration
    private var decided = false

    /// - Parameter keptOutboundBuffer: the most bytes of its write buffer each TLS connection keeps between
    ///   writes (an index with thousands of idle connections keeps little; an upload server keeps what a
    ///   transfer needs).
    public init(context: NIOSSLContext?, keptOutboundBuffer: Int = .max) {
        self.context = context
        var handling = NIOSSLHandler.Configuration()
        handling.maximumPreservedOutboundBufferCapacity = keptOutboundBuffer
        self.handling = handling
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !decided else { return context.fireChannelRead(data) }
        let bytes = Self.unwrapInboundIn(data)
        guard let first = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self) else { return }
        decided = true
        if first == Self.handshakeRecord {
            guard let tlsContext = self.context else { return context.close(promise: nil) }
            do {
                let tls = NIOSSLServerHandler(context: tlsContext, configuration: handling)
                try context.pipeline.syncOperations.addHandlers([tls, SecuredEvent()], position: .after(self))
                context.fireUserInboundEventTriggered(LinkSecurity.HandshakeBegan())
            } catch {
                context.fireErrorCaught(error)
                return context.close(promise: nil)
            }
        } else {
            context.fireUserInboundEventTriggered(LinkSecurity.plaintext)
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}

/// Behind the server TLS handler: turns "handshake completed" into a ``LinkSecurity/tls`` event, then
/// leaves.
final class SecuredEvent: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            context.fireUserInboundEventTriggered(LinkSecurity.tls)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
