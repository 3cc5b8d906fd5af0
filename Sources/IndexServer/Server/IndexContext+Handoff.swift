import NIOCore

extension IndexContext {
    /// Makes a small registry change for an event loop without making the loop wait: at once when nobody
    /// holds the write lock, else on the hand-off thread, which waits for the lock (never behind the big
    /// changes queued for the writer). The future is on `loop`, already complete in the first case; `what`
    /// is logged (debug) when the change is handed off.
    func changeRegistry<Result: Sendable>(on loop: any EventLoop, handingOff what: @autoclosure () -> String,
                                          _ change: @escaping @Sendable (inout Registry) -> Result) -> EventLoopFuture<Result> {
        if let result = registry.withWriteLockIfFree(change) { return loop.makeSucceededFuture(result) }
        logger.debug("the registry is busy: \(what()) on the hand-off thread")
        let registry = self.registry
        return handoff.runIfActive(eventLoop: loop) { registry.withWriteLock(change) }
    }
}
