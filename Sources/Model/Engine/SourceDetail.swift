/// One source of a download as the transfer details show it, or for an upload the peer being served.
public struct SourceDetail: Hashable, Sendable, Codable {
    /// What the source is doing for this download now.
    public enum Activity: String, Hashable, Sendable, Codable {
        case connecting
        /// Connected, chunks coming.
        case sending
        /// Its turn ended (nothing left to ask of it, or it failed for now); it may be asked again.
        case idle
        /// Dropped for the rest of the download: it sent data that did not verify, or refused for good.
        case banned
        /// An upload: the peer is fetching from this one.
        case fetching
    }

    public var peer: PeerID?
    public var nickname: String?
    /// Host and port (for uploads: the remote address).
    public var address: String
    /// False when the index found it behind NAT; nil when nobody said.
    public var reachable: Bool?
    public var activity: Activity
    public var bytesPerSecond: Double
    /// Verified bytes and chunks from it (for uploads: bytes sent).
    public var bytes: UInt64
    public var chunks: Int
    /// Why its last turn ended, when it failed.
    public var lastError: String?

    public init(peer: PeerID?, nickname: String? = nil, address: String, reachable: Bool? = nil, activity: Activity,
                bytesPerSecond: Double = 0, bytes: UInt64 = 0, chunks: Int = 0, lastError: String? = nil) {
        self.peer = peer
        self.nickname = nickname
        self.address = address
        self.reachable = reachable
        self.activity = activity
        self.bytesPerSecond = bytesPerSecond
        self.bytes = bytes
        self.chunks = chunks
        self.lastError = lastError
    }
}
