import NIOCore

/// Ends the answers of classic indexes that never end them. The classic template ends a 200 with an empty
/// line after the records, but some classic indexes end it with the last record's line feed, and some end an
/// error with the status line alone: a reader waiting for the empty line would wait for ever.
///
/// After `quiet` with no input, when the input so far ended with a line feed, this passes one empty line on
/// to the framer: it ends an answer left open, and between answers the framer skips it. It sits before the
/// framer, only on connections to an index found to be classic (whose answers have no `Content-Length`
/// bodies that an extra line could cut into).
final class ClassicAnswerEnd: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// How long an answer may pause inside itself: classic answers come in one write.
    static let quiet: TimeAmount = .milliseconds(500)

    private let quiet: TimeAmount
    private var timer: Scheduled<Void>?

    init(quiet: TimeAmount = ClassicAnswerEnd.quiet) { self.quiet = quiet }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let endsLine = unwrapInboundIn(data).readableBytesView.last == UInt8(ascii: "\n")
        timer?.cancel()
        timer = nil
        context.fireChannelRead(data)
        guard endsLine else { return }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: quiet) {
            let context = bound.value
            guard context.channel.isActive else { return }
            context.fireChannelRead(NIOAny(context.channel.allocator.buffer(string: "\r\n")))
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
