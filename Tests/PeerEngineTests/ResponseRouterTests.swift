import NIOCore
import NIOEmbedded
import Testing
import Wire
@testable import PeerEngine

/// Pipelined requests on one connection, on the embedded event loop's clock.
@Suite("Response router")
struct ResponseRouterTests {
    private func connected() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(role: .response)))
        try channel.pipeline.syncOperations.addHandler(ResponseRouter())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 4000)).wait()
        return channel
    }

    private func send(_ channel: EmbeddedChannel, timeout: TimeAmount?) throws -> EventLoopFuture<ParsedResponse> {
        let promise = channel.eventLoop.makePromise(of: ParsedResponse.self)
        try channel.writeOutbound(PendingRequest(bytes: ByteBuffer(string: "PING P2P-CI/2.1\r\n\r\n"), promise: promise,
                                                 timeout: timeout))
        return promise.futureResult
    }

    @Test("answers complete the pipelined requests in order, even when they arrive in one segment")
    func inOrder() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        let first = try send(channel, timeout: nil), second = try send(channel, timeout: nil)
        try channel.writeInbound(ByteBuffer(string: "P2P-CI/2.1 200 OK\r\n\r\nP2P-CI/2.1 404 Not Found\r\n\r\n"))
        #expect(try first.wait().status == .ok)
        #expect(try second.wait().status == .notFound)
    }

    @Test("a request's timeout runs from when the answer before it ended, not from when it was sent")
    func timeoutOfTheAnswerDue() throws {
        let channel = try connected()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        let first = try send(channel, timeout: .seconds(10)), second = try send(channel, timeout: .seconds(10))
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        try channel.writeInbound(ByteBuffer(string: "P2P-CI/2.1 200 OK\r\n\r\n"))
        #expect(try first.wait().status == .ok)
        channel.embeddedEventLoop.advanceTime(by: .seconds(8))
        #expect(channel.isActive, "16 s after it was sent, the second request has waited only 8 s for its own answer")
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(!channel.isActive, "a stalled answer closes the connection")
        #expect(throws: IndexLinkError.self) { try second.wait() }
    }
}
