/// How an accepted connection turned out, told to the handlers after ``TLSSniffer`` as a user inbound
/// event before any of its bytes: plaintext, or TLS with the key the other side showed, if it showed one.
public enum LinkSecurity: Sendable, Equatable {
    case plaintext
    case tls(peer: Keyprint?)

    public var isEncrypted: Bool { self != .plaintext }

    /// Told by ``TLSSniffer`` when a connection starts a TLS handshake, before ``LinkSecurity/tls(peer:)``:
    /// until then the handshake is a request under way (the request timeout applies to it).
    public struct HandshakeBegan: Sendable {}

    /// The other side's keyprint, when it gave a certificate over TLS.
    public var peerKeyprint: Keyprint? {
        if case .tls(let peer) = self { return peer }
        return nil
    }
}
