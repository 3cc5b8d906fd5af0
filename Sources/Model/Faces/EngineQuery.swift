/// A question a face (the UI, the CLI, a client of the control socket) asks the engine. Each is answered
/// once, with a ``QueryAnswer``; a face that asks several at once tells the answers apart by the id it gave.
public enum EngineQuery: Hashable, Sendable, Codable {
    /// Search the index.
    case search(SearchQuery)
    /// One page of every distinct file in the index.
    case listAll(cursor: Int, limit: Int)
    /// Who has this file: answered with ``QueryAnswer/sources(_:size:)``.
    case lookup(FileKey)
    /// One peer's files: answered with ``QueryAnswer/entries(_:)`` (nil when the peer is gone).
    case browse(PeerID)
    /// Queue a download (from every source, or from one peer): answered with ``QueryAnswer/queued(_:)``,
    /// the transfer's id, which its ``TransferSnapshot``s carry.
    case download(FileKey, name: String, size: UInt64?, from: PeerID?)
    /// One transfer's sources, chunk map and destination: answered with ``QueryAnswer/details(_:)`` (nil
    /// when there is no such transfer).
    case transferDetails(Int64)
}
