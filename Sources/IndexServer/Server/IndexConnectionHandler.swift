import Logging
import Model
import NIOCore
import Trust
import Wire

/// One connection to the index: frames its bytes, answers each request in order, enforces timeouts and
/// limits, and ends the session the moment the connection closes (its records are then removed, a part at
/// a time when there are many; see ``RegistryChunks``).
///
/// Back-pressure: while the peer does not read our answers (the channel is not writable), no further
/// requests are processed and no more bytes are read from the socket.
final class IndexConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let shared: IndexContext
    private(set) var parser: FrameParser
    /// Bytes received and not yet framed.
    private var pending: ByteBuffer?
    /// The memory `pending` held when last reported to ``IndexContext/buffered(_:)``.
    private var reportedBuffer = 0
    var peer: PeerID?
    /// The peer's IP address as other peers are told it.
    private(set) var address = "unknown"
    /// Whether this connection's HELLO was taken (its session is greeted): known here, so that a HELLO
    /// needs no look at the registry, whose lock may be held by a big change, to tell a first from a second.
    private(set) var greeted = false
    /// Flood control: requests this connection may still make now (nil: no limit).
    private var requestBucket: TokenBucket?
    private(set) var clock: ConnectionClock?
    var timer: Scheduled<Void>?
    var armedDeadline: NIODeadline?
    var logger: Logger
    var closing = false
    /// The last answer is written and our side is shut; the peer's remaining bytes are being dropped.
    private var lingering = false
    private var readHeld = false
    private var inputClosed = false
    /// Plaintext or TLS: told by ``TLSSniffer`` (plaintext when TLS is off).
    var security = LinkSecurity.plaintext
    /// A TLS handshake is under way: it must end within the request timeout.
    var handshaking = false
    /// On a private index: whether this connection's HELLO (or query PING) carried a valid token.
    var authorized = false
    /// The version of the last valid request, for answers that belong to no request (timeouts).
    private(set) var lastVersion: ProtocolVersion?
    /// A classic request that found the flood bucket empty waits here for its token: classic peers cannot
    /// retry a 429, so they are slowed down instead (nothing more is read or answered meanwhile).
    private var throttled: WireFrame?
    private var resumeTimer: Scheduled<Void>?
    /// Throttling episodes of this connection so far (the first few are logged at info).
    private var throttleEpisodes = 0
    /// A search (on a worker thread), a big ADD FILES (on the writer thread) or the session's opening (on the
    /// hand-off thread) is under way: nothing more is read or answered meanwhile.
    var busy = false
    /// Which connection of this event loop alone has made requests lately (``SoleRequester``).
    private var soleRequester: NIOLoopBoundBox<SoleRequester>?
    /// Whether this pass over the buffered requests answered a SEARCH at once: the next one goes to a
    /// worker, so that a connection pipelining searches lets the event loop serve others between them.
    private var searchedAtOnce = false
    /// Whether a request is held (throttled or being registered), so no other may be answered yet.
    private var held: Bool { throttled != nil || busy }

    init(shared: IndexContext) {
        self.shared = shared
        self.parser = FrameParser(role: .request, limits: shared.configuration.wire)
        self.logger = shared.logger
    }

    // MARK: Lifecycle

    func channelActive(context: ChannelHandlerContext) {
        let remote = context.remoteAddress
        address = Self.hostText(remote)
        if let refusal = shared.refusal(of: context.channel, from: address) {
            logger.warning("refused \(address): \(refusal.log)")
            finish(context: context, with: refusal.answer)
            context.fireChannelActive()
            return
        }
        clock = ConnectionClock(timeouts: shared.configuration.timeouts, now: context.eventLoop.now)
        soleRequester = shared.soleRequester(on: context.eventLoop)
        let flood = shared.configuration.floodControl, now = context.eventLoop.now
        requestBucket = flood.requestsPerSecond > 0
            ? TokenBucket(rate: Double(flood.requestsPerSecond), burst: Double(max(1, flood.requestBurst)), now: now) : nil
        armTimer(context: context)
        openSession(port: remote?.port, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        resumeTimer?.cancel()
        throttled = nil
        shared.release(context.channel, address: address)
        pending = nil
        reportBuffered()
        if busy, peer == nil { logger.debug("closed before its session was open; it is closed once it is") }
        if let peer {
            leave(peer)
            self.peer = nil
        }
        context.fireChannelInactive()
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        shared.metrics?.received(bytes.readableBytes)
        guard !closing else { return }
        if pending == nil { pending = bytes } else { pending!.writeBuffer(&bytes) }
        processPending(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let push = event as? RelayPush, !closing {
            // Written between two answers: this handler writes each answer whole, within one event.
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: push.encoded)), promise: nil)
            return
        }
        if let security = event as? LinkSecurity {
            return secured(security, context: context)
        } else if event is LinkSecurity.HandshakeBegan {
            handshaking = true
            return processPending(context: context)  // the request clock starts
        }
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            if lingering {
                context.close(promise: nil)  // the peer has read our last answer and closed: done
                return
            }
            processPending(context: context)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            processPending(context: context)
            if readHeld, !held, !closing {
                readHeld = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        // While lingering, input is read only to be dropped: never held back.
        if (context.channel.isWritable && !held) || lingering { context.read() } else { readHeld = true }
    }

    /// Answers every complete request buffered, as long as the peer keeps reading our answers.
    func processPending(context: ChannelHandlerContext) {
        searchedAtOnce = false
        var wrote = false
        var waitingForPeer = held
        while !closing, !held, var buffer = pending {
            guard context.channel.isWritable else {
                waitingForPeer = true
                break
            }
            let event = parser.next(from: &buffer)
            pending = buffer
            guard let event else { break }
            wrote = true
            switch event {
            case .frame(let frame): answer(frame, context: context)
            case .malformed(let error, let version):
                logger.info("closing: \(error.reason)")
                shared.metrics?.answered(IndexMetrics.otherKind, error.status)
                finish(context: context, with: .failure(error.status, version, reason: error.reason))
            }
        }
        if var buffer = pending {
            if buffer.readableBytes == 0 { pending = nil } else if buffer.readerIndex > 64 * 1024 {
                buffer.discardReadBytes()
                pending = buffer
            }
        }
        // Waiting for the peer to read is not a stalled request: only the idle clock runs then.
        let partial = handshaking || !waitingForPeer && (parser.isMidMessage || (pending?.readableBytes ?? 0) > 0)
        clock?.partialMessage(partial, at: context.eventLoop.now)
        reportBuffered()
        if wrote { context.flush() }
        // After the peer's FIN: once everything complete has been answered, close (an unfinished
        // last message is dropped: there is nobody left to send the rest of it).
        if inputClosed, !waitingForPeer, !held, !closing { closeAfterFlush(context: context) }
        if let next = clock?.nextDeadline, let armed = armedDeadline, next < armed {
            timer?.cancel()
            armTimer(context: context)
        }
    }

    private func answer(_ frame: WireFrame, context: ChannelHandlerContext) {
        guard let peer else { return }
        if let refusal = shared.configuration.links.refusal(of: frame.version, on: security) {
            logger.info("closing: answered \(refusal.status.code) to a \(security == .plaintext ? "plaintext " : "")request")
            shared.metrics?.answered(IndexMetrics.otherKind, refusal.status)
            return finish(context: context, with: refusal)
        }
        if let wait = requestBucket?.take(now: context.eventLoop.now), wait > .zero {
            if frame.version == .classic {
                throttle(frame, for: wait, context: context)
                return
            }
            // Flood control: refused before parsing; a refusal is not activity (the idle clock runs on).
            let seconds = max(1, Int((Double(wait.nanoseconds) / 1e9).rounded(.up)))
            let limit = shared.configuration.floodControl.requestsPerSecond
            logger.info("answered 429: over \(limit) requests per second")
            shared.metrics?.answered(IndexMetrics.otherKind, .tooManyRequests)
            write(.failure(.tooManyRequests, frame.version ?? .classic, reason: "over \(limit) requests per second; wait \(seconds) s",
                           retryAfter: seconds), context: context)
            return
        }
        guard let checked = admitted(shared.parser.parse(frame), version: frame.version, context: context) else { return }
        switch checked {
        case .failure(let error):
            logger.debug("answered \(error.status.code): \(error.reason)")
            shared.metrics?.answered(IndexMetrics.otherKind, error.status)
            write(.error(error), context: context)
        case .success(.connectPeer) where shared.relays.admit(peer, now: context.eventLoop.now) > .zero:
            let perMinute = shared.configuration.relays.perMinute
            shared.metrics?.answered(IndexMetrics.otherKind, .tooManyRequests)
            write(.failure(.tooManyRequests, .shoal, reason: "over \(perMinute) relayed connect requests a minute; wait",
                           retryAfter: max(1, 60 / max(1, perMinute))), context: context)
        case .success(let request):
            let started = shared.metrics?.now
            let alone = soleRequester?.value.heard(from: ObjectIdentifier(self), at: context.eventLoop.now) ?? false
            if alone, !searchedAtOnce, case .search(let query) = request,
               let outcome = WorkerRequests.searchAtOnce(query, version: request.version, shared: shared) {
                searchedAtOnce = true
                return answered(request, outcome, since: started, context: context)
            }
            // Searches on a worker, big batches on the writer, and a HELLO while its upload port is probed: the
            // connection is held until the answer is ready. (The channel's addresses are the ones NIO keeps;
            // the context's ask the kernel each time, and that was a tenth of a LOOKUP's CPU.)
            if let answer = WorkerRequests.answer(request, from: peer, shared: shared, on: context.eventLoop)
                ?? ProbedHello.answer(request, from: peer, greeted: greeted, address: address, shared: shared,
                                      local: context.channel.localAddress, on: context.eventLoop)
                ?? shared.punches.answer(request, from: context.channel.remoteAddress, on: context.eventLoop) {
                return hold(answer, request: request, since: started, context: context)
            }
            let outcome = IndexRequestProcessor.changesRegistry(request)
                ? shared.registry.withWriteLock { shared.processor.respond(to: request, from: peer, in: &$0) }
                : shared.registry.withReadLock { shared.processor.query(request, from: peer, in: $0) }
            answered(request, outcome, since: started, context: context)
        }
    }

    /// Writes the answer to a valid request (received at `started`, when metrics are on).
    private func answered(_ request: Request, _ outcome: IndexRequestProcessor.Outcome, since started: NIODeadline?,
                          context: ChannelHandlerContext) {
        shared.metrics?.answered(request, outcome, since: started)
        // Only valid requests count as activity: refusals (400, 413) never keep a connection alive.
        if ![StatusCode.badRequest, .tooLarge].contains(outcome.response.status) {
            clock?.requestCompleted(at: context.eventLoop.now, version: request.version)
            lastVersion = request.version
        }
        if let push = outcome.push, !shared.relay(push.message, to: push.target) {
            write(.failure(.serviceUnavailable, .shoal, reason: "\(push.target) cannot be reached through this index node now; try again in a moment"),
                  context: context)
            return
        }
        if case .greeted? = outcome.event { greeted = true }
        if let event = outcome.event { logger.info("\(event.logLine)") }
        write(outcome.response, context: context)
    }

    /// Holds this connection until `answer` is ready, then writes it and goes on with what arrived
    /// meanwhile. If the server is stopping (no answer), the connection is closing anyway.
    private func hold(_ answer: EventLoopFuture<IndexRequestProcessor.Outcome>, request: Request,
                      since started: NIODeadline?, context: ChannelHandlerContext) {
        busy = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        answer.whenComplete { result in
            let (handler, context) = bound.value
            handler.busy = false
            guard case .success(let outcome) = result, !handler.closing, handler.peer != nil else { return }
            handler.answered(request, outcome, since: started, context: context)
            context.flush()
            handler.resumeAfterHold(context: context)
        }
    }

    /// Holds a classic request until the bucket has its token, then answers it and goes on; nothing more
    /// is read or answered meanwhile, so a classic flood is slowed to the flood limit and nothing is lost.
    private func throttle(_ frame: WireFrame, for wait: TimeAmount, context: ChannelHandlerContext) {
        throttled = frame
        throttleEpisodes += 1
        let limit = shared.configuration.floodControl.requestsPerSecond
        if throttleEpisodes <= 3 || throttleEpisodes.isMultiple(of: 1000) {
            logger.info("slowing classic requests to \(limit) per second (episode \(throttleEpisodes) on this connection)")
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        resumeTimer = context.eventLoop.scheduleTask(in: wait) {
            let (handler, context) = bound.value
            handler.resumeThrottled(context: context)
        }
    }

    private func resumeThrottled(context: ChannelHandlerContext) {
        guard let frame = throttled, !closing else { return }
        throttled = nil
        answer(frame, context: context)
        context.flush()
        resumeAfterHold(context: context)
    }

    /// Goes on with what arrived while a request was held (throttled, or a batch being registered).
    func resumeAfterHold(context: ChannelHandlerContext) {
        processPending(context: context)
        if readHeld, !held, context.channel.isWritable, !closing {
            readHeld = false
            context.read()
        }
    }

    func write(_ response: Response, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        ResponseEncoder.encode(response, into: &buffer)
        shared.metrics?.sent(buffer.readableBytes)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Tells the server how much memory this connection's unanswered bytes hold now.
    private func reportBuffered() {
        let now = pending?.capacity ?? 0
        shared.buffered(now - reportedBuffer)
        reportedBuffer = now
    }

    // MARK: Closing

    /// Sends a last answer, then closes once it has been written.
    func finish(context: ChannelHandlerContext, with response: Response) {
        write(response, context: context)
        closeAfterFlush(context: context)
    }

    private func closeAfterFlush(context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        pending = nil
        reportBuffered()
        timer?.cancel()
        // A peer that never reads would keep the last answer unsent, and the connection open, for ever: it
        // gets the request timeout to take it.
        let closer = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: shared.configuration.timeouts.request) { closer.value.close(promise: nil) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0))).whenComplete { result in
            let (handler, context) = bound.value
            guard case .success = result else { return context.close(promise: nil) }
            handler.linger(context: context)
        }
    }

    /// Everything is written: stop sending (FIN), then read and drop the peer's bytes until it closes or
    /// the linger timeout passes (``SessionTimeouts/linger``), and close.
    private func linger(context: ChannelHandlerContext) {
        guard !inputClosed, context.channel.isActive else { return context.close(promise: nil) }
        lingering = true
        context.close(mode: .output, promise: nil)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer?.cancel()
        timer = context.eventLoop.scheduleTask(in: shared.configuration.timeouts.linger) { bound.value.close(promise: nil) }
        if readHeld {
            readHeld = false
            context.read()
        }
    }
}
