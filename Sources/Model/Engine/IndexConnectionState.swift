/// The peer's link to the index, as the status line shows it.
public enum IndexConnectionState: Hashable, Sendable {
    case connecting(address: String)
    /// Connected and greeted: the index's id for this peer and the address others see.
    case connected(address: String, peer: PeerID, observedAddress: String)
    /// Lost; the next attempt is in `retryIn` seconds.
    case disconnected(address: String, reason: String, retryIn: Double)
}
