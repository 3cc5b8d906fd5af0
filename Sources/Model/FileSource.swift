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

    /// Where it is, as one text (`host:port`, `[v6 host]:port`): what identifies a source across restarts,
    /// when the index gives it another peer id.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public init(peer: PeerID, dialect: PeerDialect, host: String, port: Int, nickname: String?, name: String) {
        self.peer = peer
        self.dialect = dialect
        self.host = host
        self.port = port
        self.nickname = nickname
        self.name = name
    }
}
