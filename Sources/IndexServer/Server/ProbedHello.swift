import Model
import NIOCore
import Wire

/// A session's first HELLO waits for the probe of its upload port (``ReachabilityProbe``), then is answered
/// with what the probe found (`Reachable: yes|no`). The connection is held meanwhile, as for a search.
enum ProbedHello {
    /// The answer to a first HELLO once the probe of `address` (the connection's own) is done; nil for any
    /// other request, for a HELLO on a `greeted` session (refused at once, unprobed), or when the index runs
    /// without the probe.
    static func answer(_ request: Request, from peer: PeerID, greeted: Bool, address: String, shared: IndexContext,
                       local: SocketAddress?, on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome>? {
        guard case .hello(let hello) = request, !greeted, let probe = shared.configuration.reachabilityProbe else { return nil }
        @Sendable func greet(_ registry: inout Registry, reachable: Bool) -> IndexRequestProcessor.Outcome {
            registry.markReachable(peer, reachable)
            return shared.processor.respond(to: request, from: peer, in: &registry)
        }
        return probe.check(host: address, port: hello.port, from: local, on: loop).flatMap { reachable in
            if let outcome = shared.registry.withWriteLockIfFree({ greet(&$0, reachable: reachable) }) {
                return loop.makeSucceededFuture(outcome)
            }
            // The lock is held (a big batch being registered, a part at a time): the session is greeted on the
            // hand-off thread. Waiting for the lock here held up everything else on this event loop.
            shared.logger.debug("the registry is busy: \(peer)'s HELLO is taken on the hand-off thread")
            return shared.handoff.runIfActive(eventLoop: loop) {
                shared.registry.withWriteLock { greet(&$0, reachable: reachable) }
            }
        }
    }
}
