import NIOCore

/// What one upload connection may cost the peer: connection counts, and how long a request, an idle
/// connection and a stalled download may hold a socket (PROTOCOL.md §6.5 lists them).
public struct UploadGuards: Sendable, Hashable {
    /// Upload connections open at once, over all addresses; more are answered 503 and closed.
    public var maximumConnections = 256
    /// Upload connections open at once from one IP address; more are answered 429 and closed.
    public var connectionsPerAddress = 8
    /// A request begun must be complete within this, or it is answered 408 and the connection closed.
    public var requestTimeout: TimeAmount = .seconds(30)
    /// A connection with no request under way for this long is closed.
    public var idleTimeout: TimeAmount = .seconds(60)
    /// A file being sent must make progress (one slice written) within this, or the connection is closed:
    /// a downloader that stops reading gives its slot back.
    public var sendTimeout: TimeAmount = .seconds(60)
    /// Unread request bytes one connection may have buffered; past this nothing more is read until answers
    /// drain (back-pressure, so pipelining cannot grow the peer's memory).
    public var maximumPendingBytes = 64 * 1024

    public init() {}
}
