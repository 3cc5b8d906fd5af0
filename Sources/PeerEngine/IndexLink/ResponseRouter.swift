import NIOCore
import Wire

/// A request on its way out, with the promise its answer completes.
struct PendingRequest: Sendable {
    let bytes: ByteBuffer
    let promise: EventLoopPromise<ParsedResponse>
}

/// Matches answers to requests on one connection: answers come in request order, so a FIFO of promises
/// is enough. On close, every waiting request fails.
final class ResponseRouter: ChannelDuplexHandler {
    typealias InboundIn = FrameEvent
    typealias OutboundIn = PendingRequest
    typealias OutboundOut = ByteBuffer

    private var waiting: [EventLoopPromise<ParsedResponse>] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.promise)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !waiting.isEmpty else { return }  // an unsolicited answer (e.g. 408 before close): ignored
        let promise = waiting.removeFirst()
        switch unwrapInboundIn(data) {
        case .frame(let frame):
            if let response = ParsedResponse(frame) { promise.succeed(response) } else { promise.fail(IndexLinkError.malformedAnswer) }
        case .malformed:
            promise.fail(IndexLinkError.malformedAnswer)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let failed = waiting
        waiting = []
        for promise in failed { promise.fail(IndexLinkError.disconnected) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
