import NIOCore

/// Closes a control connection whose first message has not arrived within the hello timeout.
///
/// The deadline is kept on the channel's event loop, where messages arrive: a hello that arrived in time
/// counts even when the task that reads it runs late, as it does on a busy machine. (Timed from that task,
/// a client that had said hello at once could be closed unwelcomed.)
final class HelloDeadlineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var heard = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        heard = true
        deadline?.cancel()
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }

    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil, !heard else { return }
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }
}
