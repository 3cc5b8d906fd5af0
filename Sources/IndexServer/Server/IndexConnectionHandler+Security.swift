import NIOCore
import Trust

extension IndexConnectionHandler {
    /// The TLS handshake is done (or the connection is plaintext): the key the peer showed is published
    /// with its records (§9.1).
    func secured(_ security: LinkSecurity, context: ChannelHandlerContext) {
        self.security = security
        handshaking = false
        if let keyprint = security.peerKeyprint, let peer {
            shared.registry.withWriteLock { $0.setKeyprint(peer, keyprint.description) }
        }
        processPending(context: context)
    }
}
