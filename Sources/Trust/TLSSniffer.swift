import NIOCore
import NIOSSL
import NIOTLS

/// First on every accepted connection where TLS and plaintext share a port (an index's, a peer's upload
/// port): a TLS connection's first byte is 0x16, a handshake record, and no P2P-CI request starts with it.
/// For TLS it puts a server handler behind itself, which presents `context`'s certificate and accepts any
/// certificate the client shows (its keyprint is what counts, and the application decides what to do with
/// it). Either way it tells the handlers behind with a ``LinkSecurity`` event, then leaves.
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
                let secured = SecuredEvent()
                let tls = NIOSSLServerHandler(context: tlsContext, customVerificationCallback: { certificates, verdict in
                    // Any certificate: nobody signs them; its keyprint, taken here from the certificate as received
                    // and told in the event, is what is checked.
                    secured.presented = certificates.first.flatMap { try? Keyprint($0) }
                    verdict.succeed(.certificateVerified)
                }, configuration: handling)
                try context.pipeline.syncOperations.addHandlers([tls, secured], position: .after(self))
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

/// Behind the server TLS handler: turns "handshake completed" into a ``LinkSecurity/tls(peer:)`` event
/// with the client's keyprint, then leaves.
final class SecuredEvent: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// The client's keyprint, set by the verification callback (on this connection's event loop) when it
    /// showed a certificate.
    var presented: Keyprint?

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            context.fireUserInboundEventTriggered(LinkSecurity.tls(peer: presented))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
