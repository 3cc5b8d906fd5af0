import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Trust
import Wire

/// One TCP connection speaking P2P-CI requests and answers, to an index or to a peer's upload server.
/// Requests may overlap; answers are matched in order.
final class ProtocolConnection: Sendable {
    let channel: any Channel
    /// The key the other side showed over TLS; nil for a plaintext connection.
    let peerKeyprint: Keyprint?

    private init(channel: any Channel, peerKeyprint: Keyprint? = nil) {
        self.channel = channel
        self.peerKeyprint = peerKeyprint
    }

    /// - Parameters:
    ///   - maximumBody: the largest answer body accepted (a chunk, a search page, a classic file).
    ///   - dataLink: true for transfers: reads of up to 4 MiB instead of NIO's 64 KiB. A 1 MiB chunk then
    ///     more often lies within one read, and is sliced out of it instead of gathered from several.
    ///   - local: the address and port to connect from, shared with other sockets (hole punching, §5.12);
    ///     nil: any.
    ///   - tls: TLS (this side's certificate, and the key the other side must show); nil: plaintext.
    /// - Throws: the connect error, or ``TLSFailure`` when TLS was asked for and failed (the TCP connection
    ///   was made: something listens there).
    static func connect(host: String, port: Int, group: any EventLoopGroup, maximumBody: Int = 64 << 20,
                        dataLink: Bool = false, from local: SocketAddress? = nil,
                        timeout: TimeAmount = .seconds(5), tls: TLSDialing? = nil) async throws -> ProtocolConnection {
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
        if dataLink { bootstrap = bootstrap.channelOption(.recvAllocator, value: tls == nil ? dataLinkReads : secureDataLinkReads) }
        if let local { bootstrap = HolePunch.sharing(local, bootstrap) }
        // TLS goes in with the other handlers, before the connection is made: not one byte is read in clear.
        let handshake = NIOLockedValueBox<EventLoopFuture<Keyprint>?>(nil)
        let channel = try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { handshake.withLockedValue { $0 = try? tls.install(on: channel) } }
                    try speakRequests(on: channel, maximumBody: maximumBody)
                }
            }
            .connect(host: host, port: port)
            .get()
        return try await finishing(channel, handshake: handshake.withLockedValue { $0 }, secure: tls != nil)
    }

    /// `channel` once its TLS handshake (if any) is done; closed, and the failure thrown, otherwise.
    private static func finishing(_ channel: any Channel, handshake: EventLoopFuture<Keyprint>?,
                                  secure: Bool) async throws -> ProtocolConnection {
        guard secure else { return ProtocolConnection(channel: channel) }
        do {
            guard let handshake else { throw TLSFailure.other("TLS could not be set up") }
            return ProtocolConnection(channel: channel, peerKeyprint: try await handshake.get())
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Sends a request and waits for its answer.
    /// - Parameters:
    ///   - timeout: when set, an answer not complete by then closes the connection (a stalled source).
    ///   - closeOnCancel: when true, cancelling the calling task closes the connection instead of waiting.
    func send(_ request: Request, timeout: TimeAmount? = nil, closeOnCancel: Bool = false) async throws -> ParsedResponse {
        try await answer(to: start(request, timeout: timeout), closeOnCancel: closeOnCancel)
    }

    /// Sends a request without waiting for its answer, so that several can be under way at once
    /// (pipelining); answers arrive in request order.
    /// - Parameter timeout: when set, the answer must be complete within this once every earlier request
    ///   on the connection has been answered; otherwise the connection is closed (a stalled source).
    func start(_ request: Request, timeout: TimeAmount? = nil) -> EventLoopFuture<ParsedResponse> {
        let promise = channel.eventLoop.makePromise(of: ParsedResponse.self)
        let bytes = channel.allocator.buffer(string: RequestEncoder.encode(request))
        channel.writeAndFlush(PendingRequest(bytes: bytes, promise: promise, timeout: timeout)).whenFailure { promise.fail($0) }
        return promise.futureResult
    }

    /// Waits for the answer to a request made with ``start(_:timeout:)``.
    /// - Parameter closeOnCancel: when true, cancelling the calling task closes the connection instead of waiting.
    func answer(to answer: EventLoopFuture<ParsedResponse>, closeOnCancel: Bool = false) async throws -> ParsedResponse {
        guard closeOnCancel else { return try await answer.get() }
        let channel = self.channel
        return try await withTaskCancellationHandler {
            try await answer.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Sets the connection up for a classic index: one request at a time, and answers the index leaves open
    /// ended (see ``ClassicAnswerEnd``).
    func speakClassic() async throws {
        let channel = self.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: ResponseRouter.self).oneAtATime = true
            try channel.pipeline.syncOperations.addHandler(ClassicAnswerEnd(), position: .first)
        }.get()
    }

    /// Sends the `CONNECT` messages an index writes on this connection (§5.11) to `receiver`.
    func receivePushes(_ receiver: @escaping @Sendable (RelayPush) -> Void) async throws {
        let channel = self.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: ResponseRouter.self).receivePushes(receiver)
        }.get()
    }

    /// Takes over a connection another peer opened (a relayed connection, §5.11): from now on this peer
    /// sends requests on it, as on one it had opened itself.
    /// - Parameter tls: TLS to put first, this side being the client (§9.1: the source is always the TLS
    ///   server, whoever opened the connection); nil: plaintext.
    static func adopt(_ channel: any Channel, maximumBody: Int, dataLink: Bool = false,
                      tls: TLSDialing? = nil) async throws -> ProtocolConnection {
        let handshake = try await channel.eventLoop.submit {
            if dataLink { try channel.syncOptions?.setOption(.recvAllocator, value: tls == nil ? dataLinkReads : secureDataLinkReads) }
            // TLS first and the request handlers behind it, in one step on the event loop.
            let handshake = try tls?.install(on: channel)
            try speakRequests(on: channel, maximumBody: maximumBody)
            return handshake
        }.get()
        return try await finishing(channel, handshake: handshake, secure: tls != nil)
    }

    /// Reads of a transfer connection: up to 4 MiB at once.
    private static let dataLinkReads = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64 * 1024, maximum: 4 << 20)
    /// Reads of a transfer connection over TLS: at most 256 KiB. Each read is decrypted into one buffer as
    /// large, which the chunk is then gathered from: 4 MiB reads only made each step allocate 4 MiB twice.
    private static let secureDataLinkReads = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 64 * 1024, maximum: 256 << 10)

    /// The handlers of a connection this peer sends requests on: answers framed, then matched to requests.
    private static func speakRequests(on channel: any Channel, maximumBody: Int) throws {
        let limits = WireLimits(maximumLineLength: 64 * 1024, maximumHeaderCount: 64, maximumBodyLength: maximumBody)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder(role: .response, limits: limits)))
        try channel.pipeline.syncOperations.addHandler(ResponseRouter())
    }

    func close() async {
        try? await channel.close()
    }

    var closeFuture: EventLoopFuture<Void> { channel.closeFuture }
}
