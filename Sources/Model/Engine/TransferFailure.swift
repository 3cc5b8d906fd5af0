/// Why a transfer failed, as a kind that exit codes and views switch on; the one-line reason travels beside
/// it in ``TransferSnapshot/lastError``.
public enum TransferFailure: String, Hashable, Sendable, Codable {
    /// Nobody has the file now.
    case noSources
    /// Every source failed: unreachable, stalled, refused, or sent data that did not verify.
    case sourcesFailed
    /// The download could not be written: disk full, no permission, read-only file system.
    case storage
    /// The index could not be asked, or cannot answer (a classic index asked for a hash).
    case index
}
