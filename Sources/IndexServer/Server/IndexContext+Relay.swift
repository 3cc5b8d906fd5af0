import Model
import NIOCore
import Wire

extension IndexContext {
    /// Passes a `CONNECT` message on (§5.11): on `target`'s connection if it is a peer of this server,
    /// otherwise to the other nodes of the cluster, one of which holds it. With `Punch: yes` the meeting for
    /// its token is on before the message can reach `target` (§5.12). False when it could not be passed on:
    /// `target` is on another node and this node's link to the others is down (it is joining or reconnecting),
    /// or `target` has just left.
    func relay(_ push: RelayPush, to target: PeerID) -> Bool {
        let here = relays.holds(target)
        // A meeting expected for a request that then cannot be passed on just expires.
        if push.punch { punches.expect(push.token, acrossNodes: !here, now: .now()) }
        if here {
            relays.deliver(push, to: target)
            return true
        }
        return relayOutlet.post(.connect(push, to: target))
    }

    /// A notice from another node: its `CONNECT` messages for this server's peers are written to them; news
    /// of a `PUNCH` there may answer one here. Notices about other nodes' peers are left alone.
    func receive(_ notice: RelayNotice) {
        switch notice {
        case .connect(let push, let target):
            guard relays.holds(target) else { return }
            if push.punch { punches.expect(push.token, acrossNodes: true, now: .now()) }
            relays.deliver(push, to: target)
        case .punched(let token, let host, let port):
            punches.arrivedElsewhere(token, from: PunchDesk.Endpoint(host: host, port: port))
        }
    }
}
