import NIOCore
import Wire

/// First on a connection this peer opens back to a downloader (§5.11): says `GIVE` with the token the index
/// passed on, then leaves the connection to the upload handler behind it.
final class GiveOpening: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let token: RelayToken

    init(token: RelayToken) { self.token = token }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(string: RequestEncoder.encode(.give(token)))),
                              promise: nil)
        context.fireChannelActive()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
