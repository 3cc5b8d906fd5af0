/// Everything the transfer details view shows of one transfer (``EngineQuery/transferDetails(_:)``).
public struct TransferDetails: Hashable, Sendable, Codable {
    public var transfer: TransferSnapshot
    /// A download's sources this run (every one tried, banned ones too); an upload's peer.
    public var sources: [SourceDetail]
    /// A content download's chunks; nil for classic files and uploads (no chunks).
    public var chunks: ChunkMap?
    /// How the data is checked, in one line.
    public var verification: String
    /// Where the file lands (or, once done, is); for an upload, the shared file.
    public var destination: String?

    public init(transfer: TransferSnapshot, sources: [SourceDetail], chunks: ChunkMap?, verification: String, destination: String?) {
        self.transfer = transfer
        self.sources = sources
        self.chunks = chunks
        self.verification = verification
        self.destination = destination
    }
}
