import Trust

/// How this peer secures its links (PROTOCOL.md §9.1): its TLS identity (shown to the index, which publishes
/// its keyprint, and to downloaders), the index keys it remembers, and whether P2P-CI/2.1 may go in
/// plaintext where the other side offers no TLS.
public struct PeerTrust: Sendable {
    public let identity: TLSIdentity
    public let keys: any KnownIndexKeys
    /// `allow-plaintext`: talk P2P-CI/2.1 without TLS to an index or a source that has none (with a
    /// warning). Off by default. Classic P2P-CI/1.0 is always plaintext, and is not affected.
    public let allowsPlaintext: Bool

    public init(identity: TLSIdentity, keys: any KnownIndexKeys, allowsPlaintext: Bool = false) {
        self.identity = identity
        self.keys = keys
        self.allowsPlaintext = allowsPlaintext
    }

    /// TLS to a side that must show `keyprint` (nil: any, checked afterwards).
    func dialing(_ keyprint: Keyprint?) -> TLSDialing { TLSDialing(identity: identity, expecting: keyprint) }
}
