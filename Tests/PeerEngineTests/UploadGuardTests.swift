import Logging
import Model
import NIOCore
import NIOEmbedded
import Testing
import Wire
@testable import PeerEngine

/// What one upload connection may cost, on a virtual clock: back-pressure, connection counts, timeouts.
@Suite("Upload connection guards")
struct UploadGuardTests {
    static let silent = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func context(_ configure: (inout UploadGuards) -> Void = { _ in }) -> UploadContext {
        var guards = UploadGuards()
        configure(&guards)
        return UploadContext(catalog: ShareCatalog(), limits: UploadLimits(slots: 2, bytesPerSecond: nil),
                             statistics: UploadStatistics(), guards: guards, logger: silent, pool: .singleton, trust: nil)
    }

    static func connected(_ context: UploadContext) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: UploadHandler(context: context))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4000)).wait()
        return channel
    }

    static func output(_ channel: EmbeddedChannel) throws -> [String] {
        var answers: [String] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            if case .byteBuffer(let buffer) = data, buffer.readableBytes > 0 { answers.append(String(buffer: buffer)) }
        }
        return answers
    }

    static let unknown = "GET FILE \(String(repeating: "ab", count: 32)) P2P-CI/2.1\r\n\r\n"

    @Test("pipelined requests from a peer that does not read: nothing is answered until it reads again, then everything, in order")
    func backPressure() throws {
        let channel = try Self.connected(Self.context())
        channel.isWritable = false
        try channel.writeInbound(channel.allocator.buffer(string: String(repeating: Self.unknown, count: 1000)))
        #expect(try Self.output(channel).isEmpty, "no answer is queued for a peer that does not read")
        channel.isWritable = true
        channel.pipeline.fireChannelWritabilityChanged()
        let answers = try Self.output(channel)
        #expect(answers.count == 1000 && answers.allSatisfy { $0.hasPrefix("P2P-CI/2.1 404 ") })
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }

    @Test("connections over the per-address count get 429, over the total 503; a closed one frees its place")
    func admission() throws {
        let perAddress = Self.context { $0.connectionsPerAddress = 2 }
        let first = try Self.connected(perAddress), second = try Self.connected(perAddress)
        let third = try Self.connected(perAddress)
        #expect(try Self.output(third).first?.hasPrefix("P2P-CI/1.0 429 ") == true)
        #expect(!third.isActive, "the refused connection is closed")
        _ = try first.finish(acceptAlreadyClosed: true)
        let again = try Self.connected(perAddress)
        #expect(try Self.output(again).isEmpty && again.isActive)

        let total = Self.context {
            $0.connectionsPerAddress = 0
            $0.maximumConnections = 1
        }
        let only = try Self.connected(total)
        let over = try Self.connected(total)
        #expect(try Self.output(over).first?.hasPrefix("P2P-CI/1.0 503 ") == true)
        // Finishing every channel, closed or not, breaks each pipeline's reference cycle (LeakSanitizer).
        for channel in [second, third, again, only, over] { _ = try? channel.finish(acceptAlreadyClosed: true) }
    }

    @Test("a request not finished within the request timeout is answered 408 and closed; a silent connection is closed at the idle timeout")
    func timeouts() throws {
        let context = Self.context {
            $0.requestTimeout = .seconds(30)
            $0.idleTimeout = .seconds(60)
        }
        let slow = try Self.connected(context)
        try slow.writeInbound(slow.allocator.buffer(string: "GET FILE "))
        slow.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(slow.isActive)
        slow.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try Self.output(slow).first?.hasPrefix("P2P-CI/2.1 408 ") == true)
        #expect(!slow.isActive)

        let silent = try Self.connected(context)
        silent.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(silent.isActive)
        try silent.writeInbound(silent.allocator.buffer(string: Self.unknown))  // a request restarts the idle clock
        silent.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(silent.isActive)
        silent.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!silent.isActive)
        #expect(context.admission.open == 0, "both places are free again")
        for channel in [slow, silent] { _ = try? channel.finish(acceptAlreadyClosed: true) }
    }

    @Test("versions at the upload port: an unsupported P2P-CI version is 505, a request in no P2P-CI version 400, a bad target 404",
          arguments: [("GET RFC 1 P2P-CI/3.0\r\nHost: h\r\nOS: x\r\n\r\n", " 505 "), ("GET / HTTP/1.1\r\nHost: h\r\n\r\n", " 400 "),
                      ("GET RFC 1 HTTP/1.1\r\nHost: h\r\nOS: x\r\n\r\n", " 400 "), ("GET FILE ../etc/passwd P2P-CI/2.1\r\n\r\n", " 404 "),
                      ("GET RFC ../1 P2P-CI/1.0\r\nHost: h\r\nOS: x\r\n\r\n", " 404 ")])
    func versions(_ request: String, _ status: String) throws {
        let channel = try Self.connected(Self.context())
        try channel.writeInbound(channel.allocator.buffer(string: request))
        let answer = try #require(try Self.output(channel).first)
        #expect(answer.contains(status), "\(request.prefix(24)) got \(answer.prefix(40))")
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }

    @Test("the stall clock: a send with no progress for the send timeout expires; each slice written restarts it")
    func stallClock() {
        var guards = UploadGuards()
        guards.sendTimeout = .seconds(10)
        guards.idleTimeout = .seconds(5)
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var clock = UploadConnectionClock(guards: guards, now: start)
        clock.sent(at: start)
        #expect(clock.expired(at: start + .seconds(9)) == nil, "no idle expiry while sending")
        clock.sent(at: start + .seconds(9))
        #expect(clock.expired(at: start + .seconds(18)) == nil)
        #expect(clock.expired(at: start + .seconds(19)) == .stalled)
        clock.sendEnded(at: start + .seconds(12))
        #expect(clock.nextDeadline == start + .seconds(17))
        #expect(clock.expired(at: start + .seconds(17)) == .idle)
    }

    @Test("upload statistics stay bounded however many requests are served")
    func statisticsBounded() {
        let statistics = UploadStatistics()
        let hash = ContentHash(bytes: Array(repeating: UInt8(7), count: 32))!
        for request in 0..<30_000 {
            let key = FileKey.rfc(request)
            statistics.began(remote: "10.0.0.\(request % 200)", key: key, name: "f", size: 1)
            statistics.finished(remote: "10.0.0.\(request % 200)", key: key,
                                range: UploadStatistics.ServedRange(hash: hash, first: 0, last: 0))
        }
        #expect(statistics.servedRanges.count == UploadStatistics.keptRanges)
        #expect(statistics.totals.count <= UploadStatistics.keptFinishedTotals)
    }
}
