#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing can listen on while this lives: bound by a socket that never
/// listens, so a connection to it is refused at once. A test peer "behind NAT" listens on 127.0.0.2 at this
/// port: the index's probe and a downloader's direct connection, both to 127.0.0.1, are then refused, and
/// no other test's server can be there by chance.
public final class ReservedPort: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        guard let port = Self.bindLoopback(descriptor, port: 0) else {
            close(descriptor)
            throw Failure(description: "could not reserve a port on 127.0.0.1: errno \(errno)")
        }
        self.descriptor = descriptor
        self.port = port
    }

    /// Binds `descriptor` to 127.0.0.1:`port` (0: any free port); the port bound, or nil (see `errno`).
    static func bindLoopback(_ descriptor: Int32, port: Int) -> Int? {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        return named ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    deinit { close(descriptor) }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }
}
