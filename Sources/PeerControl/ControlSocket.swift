import Foundation
import NIOCore
import NIOFoundationCompat

/// Where the control socket is and what it allows: the numbers are the limits the README lists.
public enum ControlSocket {
    /// The limits a ``ControlServer`` enforces on each client; the defaults are the README's (tests make
    /// them small).
    public struct Limits: Sendable {
        /// The largest message a client may send (commands and queries are small).
        public var maximumRequestBytes = 256 * 1024
        /// Messages waiting for one client at most; a client that lets more pile up is dropped.
        public var queueLimit = 10_000
        /// Queries of one client answered at once at most; more wait for earlier ones.
        public var concurrentQueries = 16
        /// Time a client has to say hello.
        public var helloTimeout: TimeAmount = .seconds(5)

        public init() {}
    }

    /// The socket's name inside the state folder.
    public static let fileName = "control.sock"
    /// The version of ``ControlMessage``s spoken here.
    public static let version = 3
    /// The largest message a client accepts (a share of 100,000 files is about 15 MB of JSON).
    public static let maximumMessageBytes = 64 << 20

    /// The socket's path in a state folder.
    public static func path(inState folder: String) -> String {
        (folder as NSString).appendingPathComponent(fileName)
    }

    static func encode(_ message: ControlMessage, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try JSONEncoder().encodeAsByteBuffer(message, allocator: allocator)
    }

    static func decode(_ buffer: ByteBuffer) throws -> ControlMessage {
        try JSONDecoder().decode(ControlMessage.self, from: buffer)
    }
}
