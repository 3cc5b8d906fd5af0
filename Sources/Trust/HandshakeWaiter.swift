import NIOCore
import NIOSSL
import NIOTLS

/// Behind a client TLS handler: completes the promise with the server's keyprint when the handshake is
/// done, or fails it with a ``TLSFailure`` (closing the connection) when the handshake fails, the
/// connection closes first, or ``TLSDialing/handshakeTimeout`` passes. Then leaves.
final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<Keyprint>
    private var timeout: Scheduled<Void>?
    private var done = false
    /// Set by the verification callback (on the same event loop).
    var presented: Keyprint?
    var mismatch: TLSFailure?
    /// Set by ``PlaintextAnswerPeek`` when the other side answered with a P2P-CI line instead of TLS.
    var plaintextAnswer: String?

    /// What went wrong, best known first.
    private func failure(_ error: (any Error)?) -> TLSFailure {
        if let mismatch { return mismatch }
        if let plaintextAnswer { return .answeredInPlaintext(plaintextAnswer) }
        return error.map(TLSFailure.from) ?? .notTLS
    }

    init(promise: EventLoopPromise<Keyprint>) { self.promise = promise }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel, waiter = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: TLSDialing.handshakeTimeout) {
            waiter.value.finish(.failure(TLSFailure.timedOut))
            channel.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls, let presented {
            finish(.success(presented))
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !done else { return context.fireErrorCaught(error) }
        finish(.failure(failure(error)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(failure(nil)))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<Keyprint, any Error>) {
        guard !done else { return }
        done = true
        timeout?.cancel()
        promise.completeWith(result)
    }
}
