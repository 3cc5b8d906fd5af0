import NIOCore
import NIOPosix
import Wire

/// A plain connection to the index for queries only (no HELLO, nothing registered): what `shoal search`,
/// `list` and `browse` use. It opens with PING, which also tells a Shoal index from a classic one
/// (``IndexDialectProbe``); a classic index is asked in its own dialect.
public final class IndexSession: IndexRequesting {
    private let connection: ProtocolConnection
    public let address: String
    public let dialect: IndexDialect

    private init(connection: ProtocolConnection, address: String, dialect: IndexDialect) {
        self.connection = connection
        self.address = address
        self.dialect = dialect
    }

    /// Connects; throws ``IndexLinkError/unavailable(_:)`` when nothing answers.
    /// - Parameters:
    ///   - trust: TLS first, as ``IndexClient`` does (§9.1); nil: plaintext only.
    ///   - keyprint: the key the index must show (from a `shoal://…?kp=` address).
    ///   - token: the token a private index admits this session by (§9.2), sent with the opening PING over TLS
    ///     only.
    public static func connect(host: String, port: Int, trust: PeerTrust? = nil, keyprint: String? = nil, token: String? = nil,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> IndexSession {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let opened = try await IndexDialectProbe.open(host: host, port: port, address: address, saying: .ping(token: token), uploadPort: nil,
                                                      trust: trust, keyprint: keyprint, group: group)
        if let answer = opened.answer, answer.status != .ok {
            await opened.connection.close()
            throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? answer.status.phrase)
        }
        return IndexSession(connection: opened.connection, address: address, dialect: opened.dialect)
    }

    public func send(_ request: Request) async throws -> ParsedResponse {
        try await connection.send(request, timeout: .seconds(30))
    }

    public func close() async { await connection.close() }
}
