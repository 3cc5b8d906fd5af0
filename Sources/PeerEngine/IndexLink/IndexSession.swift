import NIOCore
import NIOPosix
import Wire

/// A plain connection to the index for queries only (no HELLO, nothing registered): what `shoal search`,
/// `list` and `browse` use.
public final class IndexSession: IndexRequesting {
    private let connection: ProtocolConnection
    public let address: String

    private init(connection: ProtocolConnection, address: String) {
        self.connection = connection
        self.address = address
    }

    /// Connects; throws ``IndexLinkError/unavailable(_:)`` when nothing answers.
    public static func connect(host: String, port: Int,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> IndexSession {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        do {
            return IndexSession(connection: try await ProtocolConnection.connect(host: host, port: port, group: group),
                                address: address)
        } catch {
            throw IndexLinkError.unavailable(address)
        }
    }

    public func send(_ request: Request) async throws -> ParsedResponse {
        try await connection.send(request, timeout: .seconds(30))
    }

    public func close() async { await connection.close() }
}
