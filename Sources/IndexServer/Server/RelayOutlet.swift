import NIOConcurrencyHelpers

/// Where relay notices for other nodes go (a cluster node's database link), while there is one.
final class RelayOutlet: Sendable {
    private let send = NIOLockedValueBox<(@Sendable (RelayNotice) -> Void)?>(nil)

    /// Sends notices to `sender` from now on; nil stops sending (they are dropped).
    func connect(_ sender: (@Sendable (RelayNotice) -> Void)?) {
        send.withLockedValue { $0 = sender }
    }

    /// Hands `notice` to the other nodes, if this server is a cluster node; false when it is not.
    @discardableResult
    func post(_ notice: RelayNotice) -> Bool {
        guard let sender = send.withLockedValue({ $0 }) else { return false }
        sender(notice)
        return true
    }
}
