import Logging
import NIOCore
import NIOEmbedded
import Testing
import Wire
@testable import IndexServer

/// Timeouts and back-pressure of one connection, driven by the embedded event loop's clock.
@Suite("Connection handler on a virtual clock")
struct ConnectionTimeoutTests {
    private func connected(_ timeouts: SessionTimeouts = SessionTimeouts(),
                           _ configure: (inout IndexServerConfiguration) -> Void = { _ in }) throws -> EmbeddedChannel {
        var configuration = IndexServerConfiguration(port: 0)
        configuration.timeouts = timeouts
        configure(&configuration)
        let loop = EmbeddedEventLoop()
        let context = IndexContext(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                                   group: loop)
        let channel = EmbeddedChannel(handler: IndexConnectionHandler(shared: context), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4000)).wait()
        return channel
    }

    private func output(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test("a silent connection is answered 408 and closed at the idle timeout; PING keeps it alive")
    func idle() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        try channel.writeInbound(ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\n"))
        #expect(try output(channel) == "P2P-CI/2.1 200 OK\r\n\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(100))
        #expect(channel.isActive, "the PING restarted the idle clock")
        channel.embeddedEventLoop.advanceTime(by: .seconds(21))
        #expect(try output(channel).hasPrefix("P2P-CI/2.1 408 Request Timeout\r\nReason: idle"))
        #expect(!channel.isActive)
    }

    @Test("a request trickling in (slowloris) is cut off at the request timeout")
    func slowRequest() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        try channel.writeInbound(ByteBuffer(string: "LOOKUP RFC 1 P2P-CI/1.0\r\n"))
        for _ in 0..<5 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(5))
            try channel.writeInbound(ByteBuffer(string: "X: y\r\n"))
        }
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(try output(channel) == "P2P-CI/1.0 408 Request Timeout\r\n\r\n", "answered in the stalled request's version")
        #expect(!channel.isActive)
    }

    @Test("a connection that never says anything gets the classic 408 at the idle timeout")
    func silentFromTheStart() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        channel.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(try output(channel) == "P2P-CI/1.0 408 Request Timeout\r\n\r\n")
        #expect(!channel.isActive)
    }

    @Test("refused requests do not keep a connection alive")
    func refusalsDoNotCount() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(50))
            try channel.writeInbound(ByteBuffer(string: "GET RFC 1 P2P-CI/1.0\r\n\r\nHELLO P2P-CI/2.1\r\n\r\n"))
        }
        #expect(!channel.isActive)
    }

    @Test("classic-only connections may stay quiet for the classic timeout")
    func classicIdle() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        try channel.writeInbound(ByteBuffer(string: "LIST ALL P2P-CI/1.0\r\n\r\n"))
        #expect(try output(channel) == "P2P-CI/1.0 404 Not Found\r\n\r\n")
        channel.embeddedEventLoop.advanceTime(by: .seconds(3599))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try output(channel) == "P2P-CI/1.0 408 Request Timeout\r\n\r\n")
        #expect(!channel.isActive)
    }

    @Test("garbage does not keep a connection alive")
    func garbageDoesNotCount() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        for _ in 0..<5 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(25))
            try channel.writeInbound(ByteBuffer(string: "nonsense\r\n\r\n"))
        }
        #expect(!channel.isActive)
    }

    @Test("while the peer does not read answers, requests wait and nothing more is read")
    func backPressure() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        channel.isWritable = false
        try channel.writeInbound(ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\nPING P2P-CI/2.1\r\n\r\n"))
        #expect(try output(channel) == "")
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        #expect(channel.isActive, "waiting for the peer to read is not a stalled request")
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try output(channel) == "P2P-CI/2.1 200 OK\r\n\r\nP2P-CI/2.1 200 OK\r\n\r\n")
    }

    @Test("after the peer's FIN, requests held back by back-pressure are still answered before closing")
    func halfCloseUnderBackPressure() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        channel.isWritable = false
        try channel.writeInbound(ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\nLOOKUP RFC 1 P2P-CI/1.0\r\n\r\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(channel.isActive)
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        #expect(try output(channel) == "P2P-CI/2.1 200 OK\r\n\r\nP2P-CI/1.0 404 Not Found\r\n\r\n")
        #expect(!channel.isActive)
    }

    @Test("past the burst a request is answered 429 with Retry-After; once that time has passed, the peer is answered again")
    func floodControlRecovers() throws {
        let channel = try connected { $0.floodControl = FloodControl(requestsPerSecond: 2, requestBurst: 2) }
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }  // breaks the pipeline's reference cycle
        try channel.writeInbound(ByteBuffer(string: String(repeating: "PING P2P-CI/2.1\r\n\r\n", count: 3)))
        let answers = try output(channel)
        #expect(answers.components(separatedBy: "P2P-CI/2.1 200 OK").count - 1 == 2)
        #expect(answers.contains("P2P-CI/2.1 429 Too Many Requests\r\n") && answers.contains("Retry-After: 1\r\n"))
        #expect(answers.contains("Reason: over 2 requests per second; wait 1 s"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try channel.writeInbound(ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\n"))
        #expect(try output(channel) == "P2P-CI/2.1 200 OK\r\n\r\n", "waiting as told was enough")
        #expect(channel.isActive)
    }

    @Test("classic requests over the flood limit wait for their tokens in order, none refused, nothing else read meanwhile")
    func classicFloodIsPaced() throws {
        let channel = try connected { $0.floodControl = FloodControl(requestsPerSecond: 1, requestBurst: 2) }
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        let add = { (n: Int) in "ADD RFC \(n) P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: T\(n)\r\n\r\n" }
        try channel.writeInbound(ByteBuffer(string: (1...4).map(add).joined()))
        let first = try output(channel)
        #expect(first.components(separatedBy: "P2P-CI/1.0 200 OK").count - 1 == 2, "the burst is answered at once")
        #expect(!first.contains("429"), "a classic peer is never refused for its rate")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(999))
        #expect(try output(channel).isEmpty, "the third waits for its token")
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(try output(channel).hasPrefix("P2P-CI/1.0 200 OK\r\n"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try output(channel).contains("RFC 4 T4 h 1"), "then the fourth, in order")
        #expect(channel.isActive)
    }
}
