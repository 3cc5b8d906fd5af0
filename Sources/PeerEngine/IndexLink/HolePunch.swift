#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Trust
import Wire

/// Two peers behind NAT open one TCP connection through both routers (PROTOCOL.md §5.12): each meets the
/// other at the index from a port of its own, learns the address and port the index saw the other come
/// from, then connects from that same port to the other's, again and again for a few seconds, while the
/// other does the same. Each side's first SYN opens its own router for the other's; the SYNs cross and
/// the connection opens at both ends at once (a TCP simultaneous open).
///
/// It works through routers that keep a connection's source port (most home routers, and Linux masquerade);
/// through routers that pick a new port for every destination it cannot, and the caller says so.
enum HolePunch {
    /// How long the connecting goes on.
    static let within: TimeAmount = .seconds(8)

    /// No connection opened within ``within``.
    struct Failed: Error, CustomStringConvertible {
        var description: String { "no connection could be punched through both routers" }
    }

    /// Meets the other peer at the index with `token`: the local address to punch from, and the other
    /// side's address and port as the index saw them.
    /// - Parameter tls: TLS to the index, as on this peer's index connection; nil: plaintext.
    static func meet(_ token: RelayToken, indexHost: String, indexPort: Int, tls: TLSDialing?,
                     group: any EventLoopGroup) async throws -> (local: SocketAddress, host: String, port: Int) {
        let any = try SocketAddress(ipAddress: indexHost.contains(":") ? "::" : "0.0.0.0", port: 0)
        let meeting = try await ProtocolConnection.connect(host: indexHost, port: indexPort, group: group, from: any, tls: tls)
        defer { Task { await meeting.close() } }
        guard let local = meeting.channel.localAddress else { throw Failed() }
        let answer = try await meeting.send(.punch(token), timeout: .seconds(20))
        guard answer.status == .ok, let host = answer.headers["Host"],
              let port = answer.headers["Port"].flatMap({ Int($0) }) else {
            throw IndexLinkError.refused(answer.status.code, answer.headers["Reason"] ?? answer.status.phrase)
        }
        return (local, host, port)
    }

    /// Connects from `local` to `host`:`port` until a connection opens or ``within`` has passed.
    static func open<Connection: Sendable>(_ connect: @Sendable () async throws -> Connection) async throws -> Connection {
        let deadline = NIODeadline.now() + within
        while NIODeadline.now() < deadline {
            do {
                return try await connect()
            } catch let failure as TLSFailure {
                throw failure  // the punch itself worked: the other side's key is wrong, and trying again will not help
            } catch {}
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Failed()
    }

    /// `bootstrap`, connecting from `local`, a port other sockets of this peer use too (the meeting's, and
    /// each try's).
    static func sharing(_ local: SocketAddress, _ bootstrap: ClientBootstrap) -> ClientBootstrap {
        bootstrap
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: 1)
            .bind(to: local)
    }
}
