import NIOCore

/// The first handler of a metrics connection: passes on at most `limit` bytes. The byte that goes past it
/// raises ``TooLarge`` (the request handler answers 431 or 413), and everything after it is dropped, so a
/// client can make the endpoint hold no more than `limit` bytes of request, whatever it sends.
///
/// The endpoint answers one request per connection, so the limit is on the whole connection's input.
final class MetricsInputLimit: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// A metrics client sent more than ``MetricsEndpointLimits/maximumRequestBytes``.
    struct TooLarge: Error, Hashable {
        let limit: Int
    }

    private let limit: Int
    private var received = 0
    private var exceeded = false

    init(limit: Int) {
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !exceeded else { return }
        received += unwrapInboundIn(data).readableBytes
        guard received <= limit else {
            exceeded = true
            context.fireErrorCaught(TooLarge(limit: limit))
            return
        }
        context.fireChannelRead(data)
    }
}
