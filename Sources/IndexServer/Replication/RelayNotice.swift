import Model
import Wire

/// What one cluster node tells the others about relayed connect requests (PROTOCOL.md §5.11, §5.12) whose
/// two peers are connected to different nodes. The cluster carries it; the server makes and takes it.
public enum RelayNotice: Hashable, Sendable {
    /// A `CONNECT` message for `target`, a peer of another node: that node writes it on `target`'s
    /// connection (and, with `Punch: yes`, expects `target`'s `PUNCH` for the token).
    case connect(RelayPush, to: PeerID)
    /// A peer sent `PUNCH` with `token` to this node from `host`:`port`: the node where the other side
    /// punches answers it with this endpoint.
    case punched(RelayToken, host: String, port: Int)
}
