import Trust
import Wire

/// What the index speaks over what (PROTOCOL.md §9.1). With an identity, P2P-CI/2.x goes over TLS;
/// plaintext 2.x is refused with 426 unless allowed. Classic P2P-CI/1.0 can only be plaintext, and is
/// served unless turned off (then it gets 505, the classic answer to a version it does not speak).
public struct LinkPolicy: Hashable, Sendable {
    /// This index's key and certificate; nil: no TLS at all, and everything is plaintext (tests, tools).
    public var identity: TLSIdentity?
    /// Whether P2P-CI/2.x requests are answered on a plaintext connection when TLS is on
    /// (`--allow-plaintext`).
    public var allowsPlaintext = false
    /// Whether classic P2P-CI/1.0 requests are answered (`--no-classic` turns them off).
    public var servesClassic = true

    public init(identity: TLSIdentity? = nil, allowsPlaintext: Bool = false, servesClassic: Bool = true) {
        self.identity = identity
        self.allowsPlaintext = allowsPlaintext
        self.servesClassic = servesClassic
    }

    /// The answer that refuses a request of `version` on a connection of `security`, or nil to go on.
    /// `version` is nil for a message too malformed to tell (it goes on, and is answered as malformed).
    func refusal(of version: ProtocolVersion?, on security: LinkSecurity) -> Response? {
        guard let version else { return nil }
        if version == .classic {
            return servesClassic ? nil
                : .failure(.versionNotSupported, .classic, reason: "this index serves only P2P-CI/2.1 (over TLS)")
        }
        guard identity != nil, security == .plaintext, !allowsPlaintext else { return nil }
        return .failure(.tlsRequired, version, reason: "this index speaks P2P-CI/2.1 only over TLS (shoal does it by itself)")
    }
}
