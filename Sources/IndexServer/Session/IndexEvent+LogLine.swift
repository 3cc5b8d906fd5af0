extension IndexEvent {
    /// The index's log line for the event.
    var logLine: String {
        switch self {
        case .greeted(let peer, let nickname, let address, let port):
            return "peer \(peer) is \(nickname ?? "unnamed"), uploads at \(address):\(port)"
        case .filesAdded(let peer, let count, let total):
            return "peer \(peer) registered \(count) file\(count == 1 ? "" : "s") (\(total) in all)"
        case .filesRemoved(let peer, let count, let total):
            return "peer \(peer) removed \(count) file\(count == 1 ? "" : "s") (\(total) in all)"
        case .classicAdded(let peer, let number, let host):
            return "Added RFC \(number) from \(host) (peer \(peer))"
        case .relayed(let asker, let target, let punch):
            return punch ? "asked \(target) and \(asker), both behind NAT, to punch a connection"
                : "asked \(target) to connect back to \(asker)"
        }
    }
}
