import Model

/// How a peer runs: folders, the index, ports and limits. The CLI and the UI fill it from flags and the
/// config file.
public struct EngineConfiguration: Sendable {
    public var uploads: String
    public var downloads: String
    /// Where the state database lives (hash cache, download queue).
    public var state: String
    public var indexHost: String
    public var indexPort: Int
    /// The key the index must show over TLS (`kp` of a `shoal://` address); nil: the first one seen is
    /// remembered in the state folder, and a different one later is refused.
    public var indexKeyprint: String?
    /// More nodes of the same index cluster (`--index a,b`): when the index goes away, the peer connects to
    /// the next and registers its share there.
    public var otherIndexNodes: [IndexAddress] = []
    /// Talk P2P-CI/2.1 without TLS to an index or a source that offers none, with a warning
    /// (`allow-plaintext`). Off by default.
    public var allowsPlaintext = false
    /// The token a private index admits this peer by (`token` in the config file, `--token`); sent in HELLO,
    /// over TLS only.
    public var indexToken: String?
    /// The upload server's address and port (0: any free port).
    public var uploadHost: String
    public var uploadPort: Int
    public var nickname: String?
    public var uploadSlots: Int
    /// Bytes per second; nil: unlimited.
    public var maximumUploadRate: Int?
    public var maximumDownloadRate: Int?
    public var maximumActiveDownloads: Int
    /// Seconds between automatic rescans of the shared folder.
    public var rescanInterval: Int
    /// First reconnection delay to the index (doubles up to 15 s).
    public var reconnectDelay: Duration
    /// How long one chunk may take to arrive from a source before the source is dropped and the chunk is
    /// fetched elsewhere (a stalled source).
    public var chunkTimeout: Duration = .seconds(120)
    /// What one upload connection may cost: connection counts and timeouts (PROTOCOL.md §6.5).
    public var uploadGuards = UploadGuards()

    public init(uploads: String = "uploads", downloads: String = "downloads", state: String = ".shoal",
                indexHost: String = "127.0.0.1", indexPort: Int = 7734, uploadHost: String = "0.0.0.0", uploadPort: Int = 0,
                nickname: String? = nil, uploadSlots: Int = 4, maximumUploadRate: Int? = nil, maximumDownloadRate: Int? = nil,
                maximumActiveDownloads: Int = 3, rescanInterval: Int = 60, reconnectDelay: Duration = .milliseconds(500)) {
        self.uploads = uploads
        self.downloads = downloads
        self.state = state
        self.indexHost = indexHost
        self.indexPort = indexPort
        self.uploadHost = uploadHost
        self.uploadPort = uploadPort
        self.nickname = nickname
        self.uploadSlots = uploadSlots
        self.maximumUploadRate = maximumUploadRate
        self.maximumDownloadRate = maximumDownloadRate
        self.maximumActiveDownloads = maximumActiveDownloads
        self.rescanInterval = rescanInterval
        self.reconnectDelay = reconnectDelay
    }
}
