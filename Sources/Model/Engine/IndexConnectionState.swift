/// The peer's link to the index, as the status line shows it.
public enum IndexConnectionState: Hashable, Sendable, Codable {
    case connecting(address: String)
    /// Connected and greeted: the index's id for this peer, the address others see, and whether the index
    /// could connect to this peer's upload port (false: behind NAT or a firewall; nil: the index did not say).
    /// `plaintext`: P2P-CI/2.1 without TLS (both sides allowed it): anyone on the path sees and can change it.
    case connected(address: String, peer: PeerID, observedAddress: String, reachable: Bool? = nil, plaintext: Bool = false)
    /// Connected to an index that speaks only classic P2P-CI/1.0: it knows RFC documents only, so only
    /// the share's RFC-named files are registered (`sharedRFCs`), and the other files (`notShared`) are not.
    case classic(address: String, sharedRFCs: Int, notShared: Int)
    /// Lost; the next attempt is in `retryIn` seconds.
    case disconnected(address: String, reason: String, retryIn: Double)

    /// True while queries can be sent (connected, in either dialect).
    public var isConnected: Bool {
        switch self {
        case .connected, .classic: return true
        case .connecting, .disconnected: return false
        }
    }

    /// The one line that tells a user behind NAT what it means for them.
    /// The warning for a Shoal index joined without TLS.
    public static func plaintextNotice(address: String) -> String {
        "the index at \(address) offers no TLS, and plaintext is allowed: searches, shares and the index's answers "
            + "travel unencrypted and unauthenticated; anyone on the path can read or change them"
    }

    public static func unreachableNotice(address: String, port: Int) -> String {
        "the index at \(address) could not connect to your upload port \(port): you are behind NAT or a firewall. "
            + "Peers download from you only by having the index ask you to connect back (or to punch through, when they "
            + "are behind NAT too); forward TCP port \(port) to this machine (with a fixed --port) for direct connections"
    }

    /// The one line that tells a user what a classic index means for them.
    public static func classicNotice(address: String) -> String {
        "the index at \(address) is a classic P2P-CI/1.0 index: it knows RFC documents only (files named like rfc123.txt), "
            + "and search matches their titles"
    }
}
