import Model
import Wire

/// One change to the registry, as index nodes of a cluster pass it to each other (README: "Running a
/// cluster"). The node a peer is connected to makes the change and records it; every other node applies it
/// to its own replica with ``Registry/apply(_:)``.
///
/// Each change says what is true afterwards, not what to add to what was there, so applying a run of changes
/// again, in the same order, leaves the registry as it was: a node that loads a snapshot and then replays the
/// changes that were being written while it loaded ends up right.
public enum RegistryChange: Hashable, Sendable {
    /// A connection opened from `address` (the address the node saw, never what the peer claims).
    case opened(PeerID, address: String)
    /// The session said HELLO (without its token or key proof, which never leave the node that checked them),
    /// with what the node found: whether its upload port answered, and the keyprint of the key it proved.
    case greeted(PeerID, Hello, reachable: Bool?, keyprint: String?)
    /// `ADD FILES`, once admitted: these announcements are registered (or updated) for the session.
    case filesAdded(PeerID, [FileAnnouncement])
    /// `REMOVE FILES`: the session no longer shares these hashes.
    case filesRemoved(PeerID, [ContentHash])
    /// `ADD RFC` (P2P-CI/1.0).
    case classicAdded(PeerID, ClassicRecord)
    /// The connection closed: the session and all its records are gone.
    case closed(PeerID)

    /// The session the change is about.
    public var peer: PeerID {
        switch self {
        case .opened(let peer, _), .greeted(let peer, _, _, _), .filesAdded(let peer, _), .filesRemoved(let peer, _),
             .classicAdded(let peer, _), .closed(let peer):
            return peer
        }
    }

    /// Records the change adds, removes or updates (1 for a change of the session itself): what a part of
    /// the work of applying changes is counted in.
    public var weight: Int {
        switch self {
        case .filesAdded(_, let files): return max(1, files.count)
        case .filesRemoved(_, let hashes): return max(1, hashes.count)
        case .opened, .greeted, .classicAdded, .closed: return 1
        }
    }

    /// The change cut into changes of at most `records` records each, with the same effect in order
    /// (only `ADD FILES` and `REMOVE FILES` batches are cut).
    public func parts(of records: Int) -> [RegistryChange] {
        switch self {
        case .filesAdded(let peer, let files) where files.count > records:
            return stride(from: 0, to: files.count, by: records).map {
                .filesAdded(peer, Array(files[$0..<min($0 + records, files.count)]))
            }
        case .filesRemoved(let peer, let hashes) where hashes.count > records:
            return stride(from: 0, to: hashes.count, by: records).map {
                .filesRemoved(peer, Array(hashes[$0..<min($0 + records, hashes.count)]))
            }
        default:
            return [self]
        }
    }
}
