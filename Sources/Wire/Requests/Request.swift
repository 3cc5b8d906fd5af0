import Model

/// Every request of P2P-CI/1.0 and 2.0, parsed and validated. PROTOCOL.md §4–6 defines each.
public enum Request: Hashable, Sendable {
    // P2P-CI/1.0, peer → index
    /// `ADD RFC n P2P-CI/1.0` with Host, Port and Title headers.
    case addRFC(ClassicRecord)
    /// `LOOKUP RFC n P2P-CI/1.0`, with the sender's `Host` and `Port` when it gives them (a Shoal index
    /// ignores them; several classic indexes answer 400 without them).
    case lookupRFC(number: Int, from: ClassicSender? = nil)
    /// `LIST ALL P2P-CI/1.0`, with the sender's `Host` and `Port` when it gives them.
    case listAllRFCs(from: ClassicSender? = nil)

    // P2P-CI/1.0, peer → peer
    /// `GET RFC n P2P-CI/1.0` with Host and OS headers (both optional when reading).
    case getRFC(number: Int, host: String?, os: String?)

    // P2P-CI/2.1, peer → index
    /// `HELLO P2P-CI/2.1`: opens a Shoal session; the index answers with the peer's id.
    case hello(Hello)
    /// `ADD FILES P2P-CI/2.1`: registers a batch of files (body: one announcement per line).
    case addFiles([FileAnnouncement])
    /// `REMOVE FILES P2P-CI/2.1`: unregisters a batch of files (body: one hash per line).
    case removeFiles([ContentHash])
    /// `LOOKUP FILE key P2P-CI/2.1`: who has this file.
    /// `size`: only the holders that announced this size (the `Size` header); nil: the agreed size.
    case lookupFile(FileKey, size: UInt64? = nil)
    /// `SEARCH P2P-CI/2.1` with Query and optional filter headers.
    case search(SearchQuery)
    /// `LIST ALL P2P-CI/2.1`: every distinct file, a page at a time.
    case listAll(Page)
    /// `BROWSE PEER id P2P-CI/2.1`: one peer's files, a page at a time.
    case browse(PeerID, Page)
    /// `PING P2P-CI/2.1`: keeps an idle session alive. As a query session's first request it may carry the
    /// `Token` a private index admits it by (§9.2), as HELLO does.
    case ping(token: String? = nil)
    /// `CONNECT PEER id P2P-CI/2.1` with `Token`: asks the index to have a peer it could not reach connect
    /// back to the asker's upload port and present the token (§5.11).
    case connectPeer(PeerID, token: RelayToken)
    /// `PUNCH P2P-CI/2.1` with `Token`: on a new connection, from the port a peer behind NAT will punch
    /// from; answered with the other side's address and port once both sides have come (§5.12).
    case punch(RelayToken)

    // P2P-CI/2.1, peer → peer
    /// `GET FILE hash P2P-CI/2.1`, optionally with `Range: bytes=a-b`.
    case getFile(ContentHash, range: RequestedRange)
    /// `GET CHUNKS hash P2P-CI/2.1`: the file's chunk-hash list.
    case getChunks(ContentHash)
    /// `GIVE P2P-CI/2.1` with `Token`: the first message of a connection a source opened back to a
    /// downloader that asked through the index (§5.11); the downloader then sends its GETs on it.
    case give(RelayToken)

    /// The dialect this request belongs to, which is also the one its response is written in.
    public var version: ProtocolVersion {
        switch self {
        case .addRFC, .lookupRFC, .listAllRFCs, .getRFC: return .classic
        default: return .shoal
        }
    }

    /// The request's method and target, for logs (`ADD FILES`, `LOOKUP RFC`).
    public var name: String {
        switch self {
        case .addRFC: return "ADD RFC"
        case .lookupRFC: return "LOOKUP RFC"
        case .listAllRFCs, .listAll: return "LIST ALL"
        case .getRFC: return "GET RFC"
        case .hello: return "HELLO"
        case .addFiles: return "ADD FILES"
        case .removeFiles: return "REMOVE FILES"
        case .lookupFile: return "LOOKUP FILE"
        case .search: return "SEARCH"
        case .browse: return "BROWSE PEER"
        case .ping: return "PING"
        case .connectPeer: return "CONNECT PEER"
        case .punch: return "PUNCH"
        case .give: return "GIVE"
        case .getFile: return "GET FILE"
        case .getChunks: return "GET CHUNKS"
        }
    }
}

/// A classic index record as `ADD RFC` declares it.
public struct ClassicRecord: Hashable, Sendable {
    public var number: Int
    /// The Host header: the sender's host name as it claims it. Shown to classic peers, never trusted.
    public var host: String
    public var port: Int
    public var title: String

    public init(number: Int, host: String, port: Int, title: String) {
        self.number = number
        self.host = host
        self.port = port
        self.title = title
    }
}

/// The `Host` and `Port` headers a classic peer puts on LOOKUP and LIST: who asks, and its upload port.
public struct ClassicSender: Hashable, Sendable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}

/// The headers of `HELLO`.
public struct Hello: Hashable, Sendable {
    /// The port of the peer's upload server.
    public var port: Int
    public var nickname: String?
    public var agent: String?
    /// `Relay: yes`: the peer takes the index's `CONNECT` pushes (§5.11) and connects back when asked.
    public var relay: Bool
    /// `Token:` the secret a private index admits this peer by (§9.2); sent only over TLS, and never kept
    /// by the index once checked.
    public var token: String?
    /// `Key:` and `Key-Proof:` (§9.1): the key the peer proves it holds; sent only over TLS.
    public var key: HelloKey?

    public init(port: Int, nickname: String? = nil, agent: String? = nil, relay: Bool = false, token: String? = nil,
                key: HelloKey? = nil) {
        self.token = token
        self.key = key
        self.port = port
        self.nickname = nickname
        self.agent = agent
        self.relay = relay
    }
}

/// HELLO's `Key:` (a P-256 public key, DER SubjectPublicKeyInfo) and `Key-Proof:` (its signature for the
/// index's keyprint), both base64, as received: the index checks them (§9.1).
public struct HelloKey: Hashable, Sendable {
    public var key: String
    public var proof: String

    public init(key: String, proof: String) {
        self.key = key
        self.proof = proof
    }
}

/// A page request: `Cursor` (where the previous page stopped; 0 for the first) and `Limit`.
public struct Page: Hashable, Sendable {
    public var cursor: Int
    public var limit: Int

    public init(cursor: Int = 0, limit: Int) {
        self.cursor = cursor
        self.limit = limit
    }
}

/// What a `GET FILE` asked for. An unparseable `Range` is kept as such: only the uploader, who knows the
/// file's size, can answer it (416 with `Content-Range: bytes */size`, PROTOCOL.md §6.1).
public enum RequestedRange: Hashable, Sendable {
    case whole
    case bytes(ByteRange)
    case unsatisfiable
}

/// An inclusive byte range, `bytes=first-last`; `last` nil means to the end of the file.
public struct ByteRange: Hashable, Sendable {
    public var first: UInt64
    public var last: UInt64?

    public init(first: UInt64, last: UInt64?) {
        self.first = first
        self.last = last
    }
}
