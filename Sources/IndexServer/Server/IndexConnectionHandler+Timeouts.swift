import NIOCore

/// The connection's timeouts (``ConnectionClock``): one timer, armed for the clock's next deadline; when it
/// fires, a request not completed in time or an idle connection is answered 408 and closed.
extension IndexConnectionHandler {
    /// Arms the timer for the clock's next deadline (none once closing).
    func armTimer(context: ChannelHandlerContext) {
        guard let deadline = clock?.nextDeadline, !closing else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        armedDeadline = deadline
        timer = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = bound.value
            handler.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        armedDeadline = nil
        guard let clock, !closing else { return }
        // Answered in the version of the message under way, else of the last valid request, else classic.
        let version = parser.versionInProgress ?? lastVersion ?? .classic
        switch clock.expired(at: context.eventLoop.now) {
        case .request?:
            let seconds = clock.timeouts.request.nanoseconds / 1_000_000_000
            logger.info("closing: \(handshaking ? "TLS handshake" : "request") not completed within \(seconds) s")
            // No P2P-CI answer can go inside an unfinished TLS handshake: that connection is just closed.
            guard !handshaking else { closing = true; return context.close(promise: nil) }
            finish(context: context, with: .failure(.requestTimeout, version, reason: "request not completed in time"))
        case .idle?:
            logger.info("closing: idle past the timeout")
            finish(context: context, with: .failure(.requestTimeout, version, reason: "idle past the timeout"))
        case nil:
            armTimer(context: context)
        }
    }
}
