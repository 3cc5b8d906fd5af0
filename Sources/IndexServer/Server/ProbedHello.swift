import Model
import NIOCore
import Wire

/// A session's first HELLO waits for the probe of its upload port (``ReachabilityProbe``), then is answered
/// with what the probe found (`Reachable: yes|no`). The connection is held meanwhile, as for a search.
enum ProbedHello {
    /// The answer to a first HELLO once the probe is done; nil for any other request (a second HELLO is
    /// refused at once, unprobed), or when the index runs without the probe.
    static func answer(_ request: Request, from peer: PeerID, shared: IndexContext, local: SocketAddress?,
                       on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome>? {
        guard case .hello(let hello) = request, let probe = shared.configuration.reachabilityProbe,
              let address = shared.registry.withReadLock({ $0.session(peer).flatMap { $0.hello == nil ? $0.address : nil } })
        else { return nil }
        return probe.check(host: address, port: hello.port, from: local, on: loop).map { reachable in
            shared.registry.withWriteLock { registry in
                registry.markReachable(peer, reachable)
                return shared.processor.respond(to: request, from: peer, in: &registry)
            }
        }
    }
}
