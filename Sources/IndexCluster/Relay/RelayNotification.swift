import IndexServer
import Model
import Wire

/// A ``RelayNotice`` as the payload of a NOTIFY on ``ClusterDatabase/relayChannel``, with the node that sent
/// it (every listening node gets every notice, its sender too). One line of words separated by spaces, the
/// host last:
///
///     connect NODE TARGET TOKEN ASKER PORT PUNCH HOST      (PUNCH: 1 or 0)
///     punched NODE TOKEN PORT HOST
public struct RelayNotification: Hashable, Sendable {
    public var sender: Int64
    public var notice: RelayNotice

    public init(sender: Int64, notice: RelayNotice) {
        self.sender = sender
        self.notice = notice
    }

    /// The NOTIFY payload (well under PostgreSQL's 8,000 bytes: a host is at most a few dozen).
    public var payload: String {
        switch notice {
        case .connect(let push, let target):
            return "connect \(sender) \(target) \(push.token) \(push.asker) \(push.port) \(push.punch ? 1 : 0) \(push.host)"
        case .punched(let token, let host, let port):
            return "punched \(sender) \(token) \(port) \(host)"
        }
    }

    /// A payload read back; nil for anything not made by ``payload`` (a newer node's notice is ignored).
    public init?(payload: String) {
        let words = payload.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 2, let sender = Int64(words[1]) else { return nil }
        switch (words[0], words.count) {
        case ("connect", 8):
            guard let target = PeerID(words[2]), let token = RelayToken(words[3]),
                  let asker = PeerID(words[4]), let port = Int(words[5]), ["0", "1"].contains(words[6]), !words[7].isEmpty
            else { return nil }
            let push = RelayPush(token: token, asker: asker, host: String(words[7]), port: port, punch: words[6] == "1")
            self.init(sender: sender, notice: .connect(push, to: target))
        case ("punched", 5):
            guard let token = RelayToken(words[2]), let port = Int(words[3]), !words[4].isEmpty else { return nil }
            self.init(sender: sender, notice: .punched(token, host: String(words[4]), port: port))
        default:
            return nil
        }
    }
}
