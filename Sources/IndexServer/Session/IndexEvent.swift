import Model

/// Something worth a log line that a request changed in the index.
public enum IndexEvent: Hashable, Sendable {
    case greeted(PeerID, nickname: String?, address: String, port: Int)
    case filesAdded(PeerID, count: Int, total: Int)
    case filesRemoved(PeerID, count: Int, total: Int)
    case classicAdded(PeerID, number: Int, host: String)
    /// `asker` had the index ask `target` to connect back (§5.11), or to punch (§5.12).
    case relayed(asker: PeerID, target: PeerID, punch: Bool)
}
