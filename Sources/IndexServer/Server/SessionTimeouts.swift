import NIOCore

/// How long connections may stay quiet. PROTOCOL.md §8.
public struct SessionTimeouts: Hashable, Sendable {
    /// A Shoal (or not yet identified) connection with no complete request for this long is closed.
    public var idle: TimeAmount
    /// The same for connections that have spoken only P2P-CI/1.0 (no keep-alive there); nil: never.
    public var classicIdle: TimeAmount?
    /// A message begun must be complete within this.
    public var request: TimeAmount

    public init(idle: TimeAmount = .seconds(120), classicIdle: TimeAmount? = .seconds(3600),
                request: TimeAmount = .seconds(30)) {
        self.idle = idle
        self.classicIdle = classicIdle
        self.request = request
    }
}
