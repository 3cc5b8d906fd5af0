import NIOCore

/// What one client of the metrics endpoint may cost. PROTOCOL.md §8 and README.md ("Metrics") list them;
/// `shoal-index` uses the defaults (tests lengthen the timeout, as they do the index's own).
public struct MetricsEndpointLimits: Hashable, Sendable {
    /// Connections open at once; more are answered 503 and closed.
    public var maximumConnections: Int
    /// Bytes a connection may send (request line, headers and any body); past it: 431 (413 once the head
    /// was complete), and the rest is dropped.
    public var maximumRequestBytes: Int
    /// From accepting a connection to having written its answer; past it: 408 if no request was complete,
    /// and the connection is closed.
    public var timeout: TimeAmount
    /// After the answer: how long the client's input is still read and dropped before closing.
    public var linger: TimeAmount

    public init(maximumConnections: Int = 8, maximumRequestBytes: Int = 8192, timeout: TimeAmount = .seconds(10),
                linger: TimeAmount = .seconds(2)) {
        self.maximumConnections = maximumConnections
        self.maximumRequestBytes = maximumRequestBytes
        self.timeout = timeout
        self.linger = linger
    }
}
