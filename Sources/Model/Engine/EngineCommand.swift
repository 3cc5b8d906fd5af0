/// What a face asks the engine to do. Questions are ``EngineQuery``s; state changes come back as
/// ``EngineEvent``s.
public enum EngineCommand: Hashable, Sendable, Codable {
    /// Download a file from every source (`from` nil) or from one peer.
    case download(FileKey, name: String, size: UInt64?, from: PeerID?)
    case pause(Int64)
    case resume(Int64)
    case cancel(Int64)
    /// A download's priority (``TransferPriority``).
    case setPriority(Int64, TransferPriority)
    /// Moves a download `by` places in the queue (negative: sooner), past downloads not finished.
    case moveInQueue(Int64, by: Int)
    /// Forget finished transfers' rows.
    case clearFinished
    /// Scan the shared folder again now.
    case rescan
    /// Stop the peer itself (for a face attached to `shoal serve`: the peer, its uploads and downloads stop;
    /// downloads resume at its next start).
    case stopPeer
}
