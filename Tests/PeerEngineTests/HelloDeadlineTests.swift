import NIOCore
import NIOEmbedded
@testable import PeerControl
import Testing

/// The control socket's hello deadline, kept where messages arrive (virtual time, no sockets).
@Suite("Control socket hello deadline")
struct HelloDeadlineTests {
    private func connectedChannel() throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: HelloDeadlineHandler(timeout: .seconds(5)), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, loop)
    }

    @Test("a client that says nothing is closed at the deadline, not before")
    func silentClientClosed() throws {
        let (channel, loop) = try connectedChannel()
        loop.advanceTime(by: .milliseconds(4999))
        #expect(channel.isActive, "still open just before the deadline")
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive, "closed at the deadline")
    }

    @Test("a hello that arrived in time keeps the connection open however late it is read, and is passed on")
    func helloInTimeKeepsConnection() throws {
        let (channel, loop) = try connectedChannel()
        loop.advanceTime(by: .seconds(1))
        try channel.writeInbound(ByteBuffer(string: "hello"))
        loop.advanceTime(by: .seconds(60))
        #expect(channel.isActive)
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
        _ = try channel.finish()
    }
}
