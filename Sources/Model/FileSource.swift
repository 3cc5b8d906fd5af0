/// One peer that has a file, as `LOOKUP FILE` reports it: where to connect and how.
public struct FileSource: Hashable, Sendable, Codable {
    public var peer: PeerID
    public var dialect: PeerDialect
    /// The address to connect to. For Shoal peers, the address the index sees on their connection.
    public var host: String
    public var port: Int
    public var nickname: String?
    /// The file's name at this source (for RFC items, the classic title).
    public var name: String
    /// Whether the index could connect to its upload port (PROTOCOL.md §5.1). False: it is behind NAT or a
    /// firewall, and a direct connection will fail. Nil: not known (classic sources, or an index that does
    /// not probe).
    public var reachable: Bool?
    /// The keyprint of the key it proved to the index (`sha256/…`, PROTOCOL.md §9.1): a download
    /// from it is encrypted and checked against this key. Nil: it joined without TLS (or is classic).
    public var keyprint: String?

    /// Its reachability in a table column: `yes`, `NAT` (the index could not connect to it), or `-` (not known).
    public var reachabilityLabel: String { reachable.map { $0 ? "yes" : "NAT" } ?? "-" }

    /// Where it is, as one text (`host:port`, `[v6 host]:port`): what identifies a source across restarts,
    /// when the index gives it another peer id.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public init(peer: PeerID, dialect: PeerDialect, host: String, port: Int, nickname: String?, name: String,
                reachable: Bool? = nil, keyprint: String? = nil) {
        self.peer = peer
        self.dialect = dialect
        self.host = host
        self.port = port
        self.nickname = nickname
        self.name = name
        self.reachable = reachable
        self.keyprint = keyprint
    }
}
