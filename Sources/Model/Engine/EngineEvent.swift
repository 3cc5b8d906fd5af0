/// Everything the engine tells its front end (the UI or the CLI). The two meet only through these values
/// and ``EngineCommand``.
public enum EngineEvent: Hashable, Sendable, Codable {
    case index(IndexConnectionState)
    case share(ShareStatus)
    /// The shared files changed (after a scan): name, size and hash of each.
    case sharedFiles([SharedFileEntry])
    case transfer(TransferSnapshot)
    /// The transfer's row can go (finished rows cleared by the user).
    case transferRemoved(Int64)
    /// The files downloaded earlier that are still in the downloads folder (whether or not their rows were
    /// cleared), by key: search results mark them as had. Sent when the engine starts and to a face that
    /// attaches; each later download adds itself with ``fileDownloaded(_:)``.
    case downloadedFiles([FileKey])
    /// One more file downloaded (added to the last ``downloadedFiles(_:)``).
    case fileDownloaded(FileKey)
    /// Something went wrong that belongs to no transfer: one line.
    case problem(String)
}
