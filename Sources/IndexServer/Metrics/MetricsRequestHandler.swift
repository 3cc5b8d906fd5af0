import Logging
import NIOCore
import NIOHTTP1

/// Answers the one request of a metrics connection, then closes it.
///
/// - `GET /metrics` (a query string is ignored): 200 and the scrape, `text/plain; version=0.0.4`.
/// - Another method: 405 with `Allow: GET`. Another path: 404.
/// - More than ``MetricsEndpointLimits/maximumRequestBytes`` (``MetricsInputLimit``) or a header over
///   the decoder's limits: 431, or 413 once the request's head was complete. Not HTTP/1: 400.
/// - Nothing complete within ``MetricsEndpointLimits/timeout``: 408.
/// - A connection over ``MetricsEndpointLimits/maximumConnections``: 503 at once, and closed.
///
/// Every answer says `Connection: close`. Once it is written, the handler shuts its side (FIN) and reads and
/// drops what the client still sends until the client closes or ``MetricsEndpointLimits/linger`` passes: a
/// lingering close, as the index's own connections do, since closing with unread input would reset the
/// connection and could destroy the answer before the client reads it.
final class MetricsRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Reading the request.
        case waiting
        /// The answer is being written.
        case answering
        /// The answer is written and our side shut; the client's bytes are dropped until it closes.
        case lingering
    }

    private let refuse: Bool
    private let limits: MetricsEndpointLimits
    private let scrape: (ByteBufferAllocator) -> ByteBuffer
    private let logger: Logger
    private var state = State.waiting
    private var head: HTTPRequestHead?
    /// The client closed its side while the answer was being written: close once it is.
    private var inputClosed = false
    private var timer: Scheduled<Void>?

    /// `refuse`: the endpoint is full; answer 503 and close. `scrape` makes the body of a 200.
    init(refuse: Bool, limits: MetricsEndpointLimits, logger: Logger,
         scrape: @escaping (ByteBufferAllocator) -> ByteBuffer) {
        self.refuse = refuse
        self.limits = limits
        self.logger = logger
        self.scrape = scrape
    }

    func channelActive(context: ChannelHandlerContext) {
        // One timer bounds the whole connection: reading the request and writing the answer.
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: limits.timeout) {
            let (handler, context) = bound.value
            handler.timedOut(context: context)
        }
        if refuse {
            logger.debug("metrics: refused a connection, \(limits.maximumConnections) already open")
            respond(.serviceUnavailable, "too many metrics connections\n", linger: false, context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .waiting else { return }
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break  // bounded by MetricsInputLimit, and ignored
        case .end: answer(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let status: HTTPResponseStatus
        switch error {
        case is MetricsInputLimit.TooLarge:
            status = head == nil ? .requestHeaderFieldsTooLarge : .payloadTooLarge
        case let error as HTTPParserError:
            if case .headerOverflow = error { status = .requestHeaderFieldsTooLarge } else { status = .badRequest }
        default:
            logger.debug("metrics: closing a connection: \(error)")
            context.close(promise: nil)
            return
        }
        // Input past the answer is only being dropped.
        guard state == .waiting else { return }
        logger.debug("metrics: answered \(status.code) to a bad request (\(error))")
        respond(status, status == .badRequest ? "not an HTTP/1 request\n" : "request too large\n", context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The request (if any was complete) has been answered or is being answered.
            if state == .answering { inputClosed = true } else { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func answer(context: ChannelHandlerContext) {
        guard let head else { return }
        guard head.method == .GET else {
            logger.debug("metrics: answered 405 to \(head.method) \(head.uri)")
            // An answer to HEAD has no body (its Content-Length is then 0 too: nothing follows).
            return respond(.methodNotAllowed, head.method == .HEAD ? "" : "only GET /metrics is served\n",
                           headers: [("Allow", "GET")], context: context)
        }
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == "/metrics" else {
            logger.debug("metrics: answered 404 to GET \(head.uri)")
            return respond(.notFound, "only GET /metrics is served\n", context: context)
        }
        respond(.ok, body: scrape(context.channel.allocator), contentType: "text/plain; version=0.0.4; charset=utf-8",
                context: context)
    }

    private func respond(_ status: HTTPResponseStatus, _ text: String, headers: [(String, String)] = [],
                         linger: Bool = true, context: ChannelHandlerContext) {
        respond(status, body: context.channel.allocator.buffer(string: text), contentType: "text/plain; charset=utf-8",
                headers: headers, linger: linger, context: context)
    }

    private func respond(_ status: HTTPResponseStatus, body: ByteBuffer, contentType: String,
                         headers extra: [(String, String)] = [], linger: Bool = true, context: ChannelHandlerContext) {
        state = .answering
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.readableBytes)),
                                   ("Connection", "close")])
        headers.add(contentsOf: extra)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { result in
            let (handler, context) = bound.value
            guard case .success = result, linger, !handler.inputClosed else { return context.close(promise: nil) }
            handler.linger(context: context)
        }
    }

    /// The answer is written: shut our side and drop the client's input until it closes, for at most
    /// ``MetricsEndpointLimits/linger``.
    private func linger(context: ChannelHandlerContext) {
        state = .lingering
        timer?.cancel()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: limits.linger) { bound.value.close(promise: nil) }
        let closed = context.eventLoop.makePromise(of: Void.self)
        closed.futureResult.whenFailure { _ in bound.value.close(promise: nil) }
        context.close(mode: .output, promise: closed)
    }

    private func timedOut(context: ChannelHandlerContext) {
        guard state == .waiting else { return context.close(promise: nil) }
        logger.debug("metrics: answered 408, no complete request within \(limits.timeout)")
        respond(.requestTimeout, "no complete request in time\n", context: context)
    }
}
