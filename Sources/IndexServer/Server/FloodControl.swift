/// Limits on how much one peer may ask of the index, so that no peer can crowd out the others.
/// PROTOCOL.md §8; configurable on `shoal-index`. Zero means no limit.
public struct FloodControl: Hashable, Sendable {
    /// Requests per second one connection may make, sustained; past it, requests are answered 429.
    public var requestsPerSecond: Int
    /// Requests one connection may make at once before the rate applies (a pipelined burst).
    public var requestBurst: Int
    /// Simultaneous connections from one IP address; past it, new ones are answered 429 and closed.
    public var connectionsPerAddress: Int

    public init(requestsPerSecond: Int = 100, requestBurst: Int = 200, connectionsPerAddress: Int = 64) {
        self.requestsPerSecond = requestsPerSecond
        self.requestBurst = requestBurst
        self.connectionsPerAddress = connectionsPerAddress
    }

    /// No limits (benchmarks that open thousands of connections from one address).
    public static let off = FloodControl(requestsPerSecond: 0, requestBurst: 0, connectionsPerAddress: 0)
}
