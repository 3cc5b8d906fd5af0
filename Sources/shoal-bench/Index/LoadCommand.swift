import NIOCore

/// What a load-generator connection is told to do (sent down its pipeline as a user outbound event).
enum LoadCommand: Sendable {
    /// Send each request in turn, each after the previous answer; fail unless every answer is 2xx.
    case exchange([ByteBuffer], done: EventLoopPromise<Void>)
    /// Closed loop: send `depth` requests at once (cycling from `start`), wait for all their answers, and again,
    /// until `until` (as `redis-benchmark -P depth` does; 1: one request in flight); report each answer's
    /// latency in microseconds (a batch's answers all count its whole round trip). Fails on any answer that is
    /// not 2xx.
    case measure(requests: [ByteBuffer], start: Int, depth: Int, until: NIODeadline, done: EventLoopPromise<[UInt32]>)
}

/// An answer the load generator did not expect.
struct LoadFailure: Error, CustomStringConvertible {
    let description: String
}
