/// What a front end asks the engine to do. Answers to queries come back as return values of the engine's
/// async methods; state changes come back as ``EngineEvent``s.
public enum EngineCommand: Hashable, Sendable {
    /// Download a file from every source (`from` nil) or from one peer.
    case download(FileKey, name: String, size: UInt64?, from: PeerID?)
    case pause(Int64)
    case resume(Int64)
    case cancel(Int64)
    /// Forget finished transfers' rows.
    case clearFinished
    /// Scan the shared folder again now.
    case rescan
}
