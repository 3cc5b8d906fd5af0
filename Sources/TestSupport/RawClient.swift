import NIOCore
import NIOPosix
import Trust
import Wire

/// A test client that speaks raw bytes to a server on loopback and reads what comes back,
/// waiting on socket events with a timeout (never sleeping).
///
/// Not Sendable: one test task owns it.
public final class RawClient {
    private enum Event: Sendable {
        case data(ByteBuffer)
        case closed
        case timeout(Int)
    }

    private let channel: any Channel
    private let events: AsyncStream<Event>
    private let continuation: AsyncStream<Event>.Continuation
    private var iterator: AsyncStream<Event>.AsyncIterator
    private var received = ByteBuffer()
    private var parser = FrameParser(role: .response, limits: WireLimits(maximumLineLength: 1 << 20,
                                                                          maximumHeaderCount: 64,
                                                                          maximumBodyLength: 64 << 20))
    private var nextTimer = 0
    /// True once the server closed the connection.
    public private(set) var isClosed = false
    /// The port this connection comes from (what a server sees as its source port).
    public var localPort: Int? { channel.localAddress?.port }

    private init(channel: any Channel, events: AsyncStream<Event>, continuation: AsyncStream<Event>.Continuation) {
        self.channel = channel
        self.events = events
        self.continuation = continuation
        self.iterator = events.makeAsyncIterator()
    }

    /// Connects to `host:port` (loopback only). `receiveBuffer` sets SO_RCVBUF before connecting: a small
    /// one, with ``stopReading()``, makes a client whose window closes quickly, like a downloader that stalls.
    /// With `tls`, the bytes go inside TLS (the handshake is done before this returns).
    public static func connect(host: String = "127.0.0.1", port: Int, receiveBuffer: Int? = nil,
                               tls: TLSDialing? = nil) async throws -> RawClient {
        let client = try await connect(receiveBuffer: receiveBuffer) { try await $0.connect(host: host, port: port).get() }
        if let tls { _ = try await tls.secure(client.channel).get() }
        return client
    }

    /// Connects to a Unix socket (a peer's control socket).
    public static func connect(unixPath: String, receiveBuffer: Int? = nil) async throws -> RawClient {
        try await connect(receiveBuffer: receiveBuffer) { try await $0.connect(unixDomainSocketPath: unixPath).get() }
    }

    private static func connect(receiveBuffer: Int?,
                                _ open: (ClientBootstrap) async throws -> any Channel) async throws -> RawClient {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
        if let receiveBuffer { bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBuffer)) }
        let channel = try await open(bootstrap.channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(Collector(continuation: continuation))
            }
        })
        return RawClient(channel: channel, events: events, continuation: continuation)
    }

    /// Sends text exactly as given (write `\r\n` yourself).
    public func send(_ text: String) async throws {
        try await send(bytes: Array(text.utf8))
    }

    public func send(bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    /// Sends one byte at a time, each in its own TCP write.
    public func sendByteByByte(_ text: String) async throws {
        for byte in text.utf8 { try await send(bytes: [byte]) }
    }

    /// The next complete response.
    public func response(timeout: TimeAmount = TestDeadline.event) async throws -> ParsedResponse {
        while true {
            if let event = parser.next(from: &received) {
                guard case .frame(let frame) = event, let response = ParsedResponse(frame) else {
                    throw TestTimeout("a well-formed response (got \(event))")
                }
                return response
            }
            guard try await receiveMore(timeout: timeout) else { throw ConnectionClosed() }
        }
    }

    /// Reads until at least `count` bytes are buffered (or the server closes), without consuming them.
    public func bytes(atLeast count: Int, timeout: TimeAmount = TestDeadline.event) async throws -> String {
        while received.readableBytes < count {
            guard try await receiveMore(timeout: timeout) else { break }
        }
        return String(decoding: received.readableBytesView, as: UTF8.self)
    }

    /// Reads until the server closes the connection; returns everything unread.
    public func readUntilClosed(timeout: TimeAmount = TestDeadline.event) async throws -> String {
        while try await receiveMore(timeout: timeout) {}
        let text = String(decoding: received.readableBytesView, as: UTF8.self)
        received.clear()
        return text
    }

    /// Stops taking bytes from the socket: the server soon cannot send more.
    public func stopReading() async {
        try? await channel.setOption(ChannelOptions.autoRead, value: false).get()
    }

    /// Closes the client's side (a peer leaving).
    public func close() async {
        try? await channel.close()
    }

    /// Vanishes without a FIN: the connection is reset (SO_LINGER 0), as when a peer's machine dies and
    /// its next packet meets a rebooted host.
    public func reset() async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }

    /// Half-closes: no more requests, but answers still arrive.
    public func shutdownOutput() async throws {
        try await channel.close(mode: .output)
    }

    /// Waits for one more event; false when the connection is closed. Throws on timeout.
    private func receiveMore(timeout: TimeAmount) async throws -> Bool {
        if isClosed { return false }
        nextTimer += 1
        let token = nextTimer
        let continuation = self.continuation
        let timer = channel.eventLoop.scheduleTask(in: timeout) { continuation.yield(.timeout(token)) }
        defer { timer.cancel() }
        while let event = await iterator.next() {
            switch event {
            case .data(var bytes):
                received.writeBuffer(&bytes)
                return true
            case .closed:
                isClosed = true
                return false
            case .timeout(let fired) where fired == token:
                throw TestTimeout("data from the server")
            case .timeout:
                continue
            }
        }
        isClosed = true
        return false
    }

    public struct ConnectionClosed: Error, CustomStringConvertible {
        public var description: String { "the server closed the connection" }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<Event>.Continuation

        init(continuation: AsyncStream<Event>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            continuation.yield(.data(unwrapInboundIn(data)))
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.yield(.closed)
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let event = event as? ChannelEvent, event == .inputClosed { continuation.yield(.closed) }
            context.fireUserInboundEventTriggered(event)
        }
    }
}
