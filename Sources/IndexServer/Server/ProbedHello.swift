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
        return probe.check(host: address, port: hello.port, from: local, on: loop).flatMap { reachable in
            shared.changeRegistry(on: loop, handingOff: "\(peer)'s HELLO is taken") { registry in
                registry.markReachable(peer, reachable)
                return shared.processor.respond(to: request, from: peer, in: &registry)
            }
        }
    }
}
