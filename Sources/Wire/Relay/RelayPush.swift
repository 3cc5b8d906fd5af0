import Model

/// What the index writes, unasked, on a peer's connection when a downloader it cannot reach asks for a file
/// (PROTOCOL.md §5.11): connect to `host`:`port` and present `token`. Sent only to peers whose HELLO said
/// `Relay: yes`; the peer answers nothing on the index connection.
///
/// ```
/// CONNECT P2P-CI/2.1
/// Token: 3f9a…               ; 32 hex digits
/// Peer-Id: p4                ; who asks
/// Host: 198.51.100.2         ; its address as the index sees it
/// Port: 6001                 ; its upload port
/// ```
public struct RelayPush: Hashable, Sendable {
    public var token: RelayToken
    public var asker: PeerID
    public var host: String
    public var port: Int
    /// `Punch: yes`: both peers are behind NAT; instead of connecting to `host`, meet the asker at the index
    /// with `PUNCH` and open the connection at the same moment it does (§5.12).
    public var punch: Bool

    public init(token: RelayToken, asker: PeerID, host: String, port: Int, punch: Bool = false) {
        self.token = token
        self.asker = asker
        self.host = host
        self.port = port
        self.punch = punch
    }

    /// The start line of a push, which no answer has (answers start `P2P-CI/`).
    public static let startLine = "CONNECT P2P-CI/2.1"

    /// The message as written on the wire.
    public var encoded: String {
        "\(Self.startLine)\r\nToken: \(token)\r\nPeer-Id: \(asker)\r\nHost: \(host)\r\nPort: \(port)\r\n"
            + (punch ? "Punch: yes\r\n\r\n" : "\r\n")
    }

    /// Reads a push from a frame; nil when the frame is no valid push.
    public init?(_ frame: WireFrame) {
        guard frame.startLine == Self.startLine, let token = frame.headers["Token"].flatMap({ RelayToken($0) }),
              let asker = frame.headers["Peer-Id"].flatMap({ PeerID($0) }),
              let host = frame.headers["Host"], TextRules.isValidHostToken(host),
              let port = frame.headers["Port"].flatMap({ TextRules.port($0) }) else { return nil }
        self.init(token: token, asker: asker, host: host, port: port, punch: frame.headers["Punch"] == "yes")
    }
}
