import NIOCore
import Wire

/// A request on its way out, with the promise its answer completes.
struct PendingRequest: Sendable {
    let bytes: ByteBuffer
    let promise: EventLoopPromise<ParsedResponse>
    /// When set, the answer must be complete within this once it is the next answer due (every earlier
    /// request on the connection has been answered); otherwise the connection is closed.
    let timeout: TimeAmount?
}

/// Matches answers to requests on one connection: answers come in request order, so a FIFO of promises
/// is enough. Several requests may be under way (pipelining); only the oldest one's timeout runs, so a
/// request waiting behind others is not charged for their answers. On close, every waiting request fails.
///
/// With `oneAtATime` (for classic indexes, which drop a request sent before the previous one is answered),
/// a request goes out only once every earlier one has been answered.
final class ResponseRouter: ChannelDuplexHandler {
    typealias InboundIn = FrameEvent
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = ByteBuffer

    private var waiting = CircularBuffer<PendingRequest>()
    /// Requests not yet sent, with their write promises (only with `oneAtATime`).
    private var held = CircularBuffer<(request: PendingRequest, written: EventLoopPromise<Void>?)>()
    var oneAtATime = false
    /// The timeout of `waiting.first`, while it runs.
    private var timer: Scheduled<Void>?
    /// Where the index's `CONNECT` messages go (§5.11); they are no answers. Kept until a receiver is set
    /// (a few at most).
    private var onPush: (@Sendable (RelayPush) -> Void)?
    private var unclaimedPushes: [RelayPush] = []

    /// Sends the index's `CONNECT` messages to `receiver` from now on, and any that came before.
    func receivePushes(_ receiver: @escaping @Sendable (RelayPush) -> Void) {
        onPush = receiver
        for push in unclaimedPushes { receiver(push) }
        unclaimedPushes = []
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if oneAtATime, !waiting.isEmpty {
            held.append((request, promise))
            return
        }
        waiting.append(request)
        if waiting.count == 1 { startTimer(context: context) }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .frame(let frame) = unwrapInboundIn(data), frame.startLine == RelayPush.startLine {
            guard let push = RelayPush(frame) else { return }
            if let onPush { onPush(push) } else if unclaimedPushes.count < 16 { unclaimedPushes.append(push) }
            return
        }
        guard let request = waiting.popFirst() else { return }  // an unsolicited answer (e.g. 408 before close): ignored
        timer?.cancel()
        timer = nil
        startTimer(context: context)
        switch unwrapInboundIn(data) {
        case .frame(let frame):
            if let response = ParsedResponse(frame) { request.promise.succeed(response) } else {
                request.promise.fail(IndexLinkError.malformedAnswer)
            }
        case .malformed:
            request.promise.fail(IndexLinkError.malformedAnswer)
            context.close(promise: nil)
            return
        }
        if waiting.isEmpty, let next = held.popFirst() {
            waiting.append(next.request)
            startTimer(context: context)
            context.writeAndFlush(wrapOutboundOut(next.request.bytes), promise: next.written)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        let failed = waiting
        let unsent = held
        waiting.removeAll()
        held.removeAll()
        for request in failed { request.promise.fail(IndexLinkError.disconnected) }
        for (request, written) in unsent {
            written?.fail(IndexLinkError.disconnected)
            request.promise.fail(IndexLinkError.disconnected)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Starts the timeout of the answer now due, if it has one: a stalled peer gets its connection closed.
    private func startTimer(context: ChannelHandlerContext) {
        guard let timeout = waiting.first?.timeout else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}
