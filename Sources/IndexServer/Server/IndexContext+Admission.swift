import NIOCore
import Wire

extension IndexContext {
    /// Admits a new connection from `address`, or says why not: what to log, and the answer to send before
    /// closing it (403 for a banned address, 503 when the server is full or not serving, 429 past the
    /// connections per address).
    func refusal(of channel: any Channel, from address: String) -> (log: String, answer: Response)? {
        if let reason = notServing.withLockedValue({ $0 }) {
            return ("not serving: \(reason)", .failure(.serviceUnavailable, .classic, reason: reason))
        }
        if access.isBanned(address) {
            return ("the address is banned", .failure(.forbidden, .classic, reason: "this address is banned from this index"))
        }
        switch admit(channel, address: address) {
        case .admitted:
            return nil
        case .serverFull:
            metrics?.refused(.serverFull)
            return ("\(configuration.maximumConnections) connections already open",
                    .failure(.serviceUnavailable, .classic, reason: "server full"))
        case .addressFull:
            metrics?.refused(.addressFull)
            let limit = configuration.floodControl.connectionsPerAddress
            return ("\(limit) connections from that address already open",
                    .failure(.tooManyRequests, .classic, reason: "too many connections from \(address) (at most \(limit))"))
        }
    }
}
