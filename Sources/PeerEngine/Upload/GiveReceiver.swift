import Logging
import NIOCore
import Wire

/// First on every upload connection: when its first message is `GIVE` with a token this peer waits for
/// (§5.11), the connection is a source connecting back, and goes to the download that asked (the upload
/// handler is removed). Any other first message goes on to the upload handler, and this handler leaves.
final class GiveReceiver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// A GIVE message is a start line and one header: far less than this.
    static let maximumHead = 512
    private static let give = Array("GIVE ".utf8)

    private let gives: PendingGives
    private let logger: Logger
    private var received = ByteBuffer()
    private var decided = false

    init(gives: PendingGives, logger: Logger) {
        self.gives = gives
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !decided else { return context.fireChannelRead(data) }
        var bytes = Self.unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        let start = Array(received.readableBytesView.prefix(Self.give.count))
        guard start == Array(Self.give.prefix(start.count)) else { return passOn(context: context) }
        guard start.count == Self.give.count else { return }  // too few bytes yet to tell
        var parser = FrameParser(role: .request, limits: WireLimits(maximumLineLength: 256, maximumHeaderCount: 4, maximumBodyLength: 0))
        var head = received
        switch parser.next(from: &head) {
        case nil where received.readableBytes <= Self.maximumHead:
            return  // the rest of the head is still on its way
        case .frame(let frame)?:
            if case .success(.give(let token)) = RequestParser().parse(frame), let download = gives.claim(token) {
                return handOver(to: download, context: context)
            }
            logger.info("closed a connection that gave an unknown, used or expired token")
        default:
            logger.info("closed a connection that began GIVE and then sent no valid GIVE")
        }
        decided = true
        context.close(promise: nil)
    }

    /// Not a source connecting back: everything goes to the upload handler.
    private func passOn(context: ChannelHandlerContext) {
        decided = true
        context.fireChannelRead(Self.wrapInboundOut(received))
        received = ByteBuffer()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    /// The connection leaves the upload server for the download waiting on its token.
    private func handOver(to download: EventLoopPromise<any Channel>, context: ChannelHandlerContext) {
        decided = true
        let channel = context.channel
        do {
            let uploads = try channel.pipeline.syncOperations.handler(type: UploadHandler.self)
            channel.pipeline.syncOperations.removeHandler(uploads, promise: nil)
        } catch {
            download.fail(error)
            return context.close(promise: nil)
        }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        download.succeed(channel)
    }
}
