import NIOCore

/// Ends the answers of classic indexes that never end them, with the help of a ``ClassicAnswerTracker``:
/// where an answer is complete without its closing empty line (an ADD's one record), or when the index goes
/// quiet for `quiet` while an answer is open, it passes one empty line on to the framer, which ends the
/// answer there.
///
/// It sits next to the socket, before the framer, only on connections to an index found to be classic
/// (whose answers have no `Content-Length` bodies that an extra line could cut into), and where requests go
/// out one at a time.
final class ClassicAnswerEnd: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// How long an answer may pause inside itself: classic answers come in one write.
    static let quiet: TimeAmount = .milliseconds(500)

    private let quiet: TimeAmount
    private var tracker = ClassicAnswerTracker()
    private var timer: Scheduled<Void>?

    init(quiet: TimeAmount = ClassicAnswerEnd.quiet) { self.quiet = quiet }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data).readableBytesView
        tracker.sent(requestLine: bytes.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
        context.write(data, promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer?.cancel()
        timer = nil
        var buffer = unwrapInboundIn(data)
        var passed = 0
        for end in tracker.received(buffer.readableBytesView) {
            if let part = buffer.readSlice(length: end - passed) { context.fireChannelRead(wrapInboundOut(part)) }
            context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(string: "\r\n")))
            passed = end
        }
        if buffer.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(buffer)) }
        guard tracker.mayEndNow else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: quiet) {
            let (handler, context) = bound.value
            guard context.channel.isActive, handler.tracker.mayEndNow else { return }
            handler.tracker.endedForQuiet()
            context.fireChannelRead(handler.wrapInboundOut(context.channel.allocator.buffer(string: "\r\n")))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}
