import NIOCore
import NIOPosix
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// The parts of the metrics endpoint that need no socket: the address option, the lag probe, the instruments.
@Suite("Metrics parts")
struct MetricsUnitTests {
    @Test("--metrics takes HOST:PORT, [IPv6]:PORT and :PORT, and nothing else")
    func address() {
        #expect(MetricsAddress(parsing: "127.0.0.1:9734") == MetricsAddress(host: "127.0.0.1", port: 9734))
        #expect(MetricsAddress(parsing: "0.0.0.0:0") == MetricsAddress(host: "0.0.0.0", port: 0))
        #expect(MetricsAddress(parsing: "[::1]:9734") == MetricsAddress(host: "::1", port: 9734))
        #expect(MetricsAddress(parsing: ":9734") == MetricsAddress(host: "127.0.0.1", port: 9734))
        #expect(MetricsAddress(parsing: "metrics.example:80") == MetricsAddress(host: "metrics.example", port: 80))
        for bad in ["", "9734", "host", "host:", "host:port", "host:65536", "host:-1", "::1:9734", "[::1]", "[]:80", "a b:80"] {
            #expect(MetricsAddress(parsing: bad) == nil, "\(bad)")
        }
        #expect(MetricsAddress(host: "::1", port: 9734).description == "[::1]:9734")
    }

    @Test("the lag probe reports how late a busy event loop ran its task")
    func lagProbe() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let samples = Recorder<TimeAmount>()
        let probe = EventLoopLagProbe(group: group, interval: .milliseconds(10)) { samples.append($0) }
        probe.start()
        // The loop is kept busy for 200 ms: the task due meanwhile runs that much late.
        group.next().execute {
            let end = NIODeadline.now() + .milliseconds(200)
            while NIODeadline.now() < end {}
        }
        _ = try await samples.waitFor("a sample of 100 ms or more") { $0 >= .milliseconds(100) }
        #expect(samples.all.allSatisfy { $0 >= .zero })
        probe.stop()
        try await group.shutdownGracefully()
    }

    @Test("two servers' instruments count apart (no process-wide metrics system)")
    func independentRegistries() {
        let a = IndexMetrics(), b = IndexMetrics()
        a.answered("PING", .ok)
        a.answered("PING", .ok)
        a.answered(IndexMetrics.otherKind, .tooManyRequests)
        b.refused(.serverFull)
        let textA = String(decoding: a.registry.emitToBuffer(), as: UTF8.self)
        let textB = String(decoding: b.registry.emitToBuffer(), as: UTF8.self)
        #expect(textA.contains(#"shoal_index_requests_total{kind="PING",status="200"} 2"#))
        #expect(textA.contains(#"shoal_index_refused_total{reason="request_rate"} 1"#))
        #expect(textA.contains(#"shoal_index_refused_total{reason="server_full"} 0"#))
        #expect(!textB.contains("shoal_index_requests_total{"))
        #expect(textB.contains(#"shoal_index_refused_total{reason="server_full"} 1"#))
    }
}
