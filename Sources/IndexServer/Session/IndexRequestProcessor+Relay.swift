import Model
import Wire

extension IndexRequestProcessor {
    /// `CONNECT PEER target` (§5.11): when `target` could not be reached and takes relayed requests, a
    /// `CONNECT` message for `target` naming the asker's address and upload port, and asking both to punch
    /// (§5.12) when the asker cannot be reached either; otherwise the one line that says why not. The server writes the message and caps how often one peer
    /// may ask.
    static func relay(from asker: PeerID, to target: PeerID, token: RelayToken, in registry: Registry) -> Outcome {
        func refused(_ status: StatusCode, _ reason: String) -> Outcome {
            Outcome(response: .failure(status, .shoal, reason: reason), event: nil)
        }
        guard let me = registry.describe(asker), let hello = me.hello else { return refused(.badRequest, "say HELLO before CONNECT PEER") }
        guard target != asker else { return refused(.badRequest, "CONNECT PEER names another peer, not yourself") }
        guard let them = registry.describe(target), let theirs = them.hello else {
            return refused(.notFound, "no Shoal peer \(target) is connected")
        }
        guard them.reachable != true else {
            return refused(.conflict, "\(target) can be reached: connect to \(them.address) port \(theirs.port) directly")
        }
        guard theirs.relay else {
            return refused(.conflict, "\(target) is behind NAT and its Shoal cannot connect back; ask \(target) to forward a port")
        }
        // Both behind NAT: both meet at the index and punch a connection through both routers (§5.12).
        let punch = me.reachable == false
        var outcome = Outcome(response: Response(.shoal, .ok, headers: punch ? ["Peer-Id": target.description, "Punch": "yes"]
                                                                        : ["Peer-Id": target.description]),
                              event: .relayed(asker: asker, target: target, punch: punch))
        outcome.push = (target, RelayPush(token: token, asker: asker, host: me.address, port: hello.port, punch: punch))
        return outcome
    }
}
