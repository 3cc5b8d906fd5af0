import Model
import NIOCore

extension IndexConnectionHandler {
    /// Opens this connection's session (``IndexContext/changeRegistry(on:handingOff:_:)``): at once when the
    /// registry's lock is free, else on the hand-off thread while a big change holds it. Requests wait for it
    /// meanwhile; waiting for the lock on the event loop held up everything else on that loop.
    func openSession(port: Int?, context: ChannelHandlerContext) {
        busy = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let address = address
        shared.changeRegistry(on: context.eventLoop, handingOff: "this connection's session is opened") {
            $0.openSession(address: address)
        }.whenSuccess { id in
            let (handler, context) = bound.value
            handler.busy = false
            // Closed while the session was being opened: it goes at once.
            guard context.channel.isActive else { return handler.leave(id) }
            handler.peer = id
            handler.shared.relays.register(id, context.channel)
            handler.logger[metadataKey: "peer"] = "\(id)"
            handler.logger.info("peer \(id) connected from \(address):\(port ?? 0)")
            handler.resumeAfterHold(context: context)
        }
    }

    /// Ends the session: it is gone at once, and its records go after it (a part at a time when many).
    func leave(_ peer: PeerID) {
        let slots = shared.registry.withWriteLock { $0.detachSession(peer) }
        let logger = logger
        RegistryChunks.removeRecords(of: peer, slots, shared: shared) {
            logger.info("peer \(peer) left; \(slots.count) record\(slots.count == 1 ? "" : "s") removed")
        }
        shared.relays.forget(peer)
    }
}
