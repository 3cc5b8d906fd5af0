/// How an accepted connection turned out, told to the handlers after ``TLSSniffer`` as a user inbound
/// event before any of its bytes: plaintext, or TLS once the handshake is done.
public enum LinkSecurity: Sendable, Equatable {
    case plaintext
    case tls

    public var isEncrypted: Bool { self != .plaintext }

    /// Told by ``TLSSniffer`` when a connection starts a TLS handshake, before ``LinkSecurity/tls``: until
    /// then the handshake is a request under way (the request timeout applies to it).
    public struct HandshakeBegan: Sendable {}
}
