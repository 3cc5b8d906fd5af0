import NIOCore

/// What a load-generator connection is told to do (sent down its pipeline as a user outbound event).
enum LoadCommand: Sendable {
    /// Send each request in turn, each after the previous answer; fail unless every answer is 2xx.
    case exchange([ByteBuffer], done: EventLoopPromise<Void>)
    /// Closed loop, one request in flight: send requests (cycling from `start`) until `until`; report each
    /// answer's latency in microseconds. Fails on any answer that is not 2xx.
    case measure(requests: [ByteBuffer], start: Int, until: NIODeadline, done: EventLoopPromise<[UInt32]>)
}

/// An answer the load generator did not expect.
struct LoadFailure: Error, CustomStringConvertible {
    let description: String
}
