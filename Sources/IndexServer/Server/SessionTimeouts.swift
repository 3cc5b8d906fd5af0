import NIOCore

/// How long connections may stay quiet. PROTOCOL.md §8.
public struct SessionTimeouts: Hashable, Sendable {
    /// A Shoal (or not yet identified) connection with no complete request for this long is closed.
    public var idle: TimeAmount
    /// The same for connections that have spoken only P2P-CI/1.0 (no keep-alive there); nil: never.
    public var classicIdle: TimeAmount?
    /// A message begun must be complete within this.
    public var request: TimeAmount
    /// After its last answer (an error that ends the connection, a timeout), the index stops sending and
    /// reads and drops what the peer still sends for at most this long, until the peer closes. Closing at
    /// once with unread bytes would reset the connection, and a reset can destroy the answer before the
    /// peer reads it (RFC 9112 §9.6 calls this a lingering close).
    public var linger: TimeAmount

    public init(idle: TimeAmount = .seconds(120), classicIdle: TimeAmount? = .seconds(3600),
                request: TimeAmount = .seconds(30), linger: TimeAmount = .seconds(2)) {
        self.idle = idle
        self.classicIdle = classicIdle
        self.request = request
        self.linger = linger
    }
}
