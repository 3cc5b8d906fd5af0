import Foundation
import NIOCore
import NIOPosix
import Model
import Wire

/// Holds many connections to an index and drives them: registration, then closed-loop request rounds.
/// Written with NIO for this benchmark; one event loop per thread asked for.
final class LoadGenerator: Sendable {
    /// Latencies (µs) of one round over all its connections, and how long the round took.
    struct Round {
        /// Seconds per answer, sorted once (a round at 512 connections has a quarter of a million).
        let sortedLatencies: [Double]
        let elapsed: Duration
        /// Which requests of the list were sent: each connection's, from where it started.
        let sent: [Range<Int>]

        init(microseconds: [UInt32], elapsed: Duration, sent: [Range<Int>] = []) {
            sortedLatencies = microseconds.sorted().map { Double($0) / 1e6 }
            self.elapsed = elapsed
            self.sent = sent
        }

        var requests: Int { sortedLatencies.count }
        var requestsPerSecond: Double { Double(requests) / elapsed.seconds }
        func percentile(_ q: Double) -> Double { Samples.quantile(sortedLatencies, q) }
    }

    private let group: MultiThreadedEventLoopGroup
    private let port: Int

    init(port: Int, threads: Int) {
        self.port = port
        group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
    }

    /// Opens a connection and has it exchange `requests` (HELLO, ADD FILES …); keeps it open.
    private func connectAndRegister(_ requests: [ByteBuffer]) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(30))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let limits = WireLimits(maximumLineLength: 64 * 1024, maximumHeaderCount: 64, maximumBodyLength: 4 << 20)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(role: .response, limits: limits)))
                    try channel.pipeline.syncOperations.addHandler(LoadConnectionHandler())
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        try await exchange(requests, on: channel)
        return channel
    }

    /// Connects `peers.count` peers, `window` at a time, each exchanging its requests; returns the open
    /// connections and the time taken.
    func register(_ peers: [[ByteBuffer]], window: Int = 256) async throws -> ([any Channel], Duration) {
        let started = ContinuousClock.now
        var opened: [any Channel] = []
        try await withThrowingTaskGroup(of: (any Channel).self) { tasks in
            var next = 0
            while next < min(window, peers.count) {
                let requests = peers[next]
                tasks.addTask { try await self.connectAndRegister(requests) }
                next += 1
            }
            while let channel = try await tasks.next() {
                opened.append(channel)
                if next < peers.count {
                    let requests = peers[next]
                    tasks.addTask { try await self.connectAndRegister(requests) }
                    next += 1
                }
            }
        }
        return (opened, ContinuousClock.now - started)
    }

    /// Each of `channels` runs a closed loop of `requests` for `duration`, `depth` requests in flight (sent
    /// together, as `redis-benchmark -P` does).
    func round(_ channels: ArraySlice<any Channel>, requests: [ByteBuffer], duration: Duration, depth: Int = 1) async throws -> Round {
        let started = ContinuousClock.now
        let until = NIODeadline.now() + .nanoseconds(Int64(duration.seconds * 1e9))
        let (results, sent) = try await withThrowingTaskGroup(of: (start: Int, latencies: [UInt32]).self) { tasks in
            for (number, channel) in channels.enumerated() {
                let start = number * 997 % requests.count
                tasks.addTask {
                    let done = channel.eventLoop.makePromise(of: [UInt32].self)
                    channel.triggerUserOutboundEvent(LoadCommand.measure(requests: requests, start: start, depth: depth, until: until, done: done), promise: nil)
                    return (start, try await done.futureResult.get())
                }
            }
            var all: [UInt32] = [], sent: [Range<Int>] = []
            for try await (start, latencies) in tasks {
                all += latencies
                sent.append(start..<(start + latencies.count))
            }
            return (all, sent)
        }
        return Round(microseconds: results, elapsed: ContinuousClock.now - started, sent: sent)
    }

    /// Opens one connection that has said HELLO as `name`, for ``exchange(_:on:)``.
    func peer(_ name: String, port uploadPort: Int) async throws -> any Channel {
        try await connectAndRegister([ByteBuffer(string: RequestEncoder.encode(.hello(Hello(port: uploadPort, nickname: name))))])
    }

    /// Sends `requests` on `channel`, each after the previous answer; throws unless every answer is 2xx.
    func exchange(_ requests: [ByteBuffer], on channel: any Channel) async throws {
        let done = channel.eventLoop.makePromise(of: Void.self)
        channel.triggerUserOutboundEvent(LoadCommand.exchange(requests, done: done), promise: nil)
        try await done.futureResult.get()
    }

    func shutdown(closing channels: [any Channel]) async {
        for channel in channels { try? await channel.close() }
        try? await group.shutdownGracefully()
    }
}
