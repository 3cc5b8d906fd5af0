import IndexServer
import Logging

/// Carries relayed connect requests (PROTOCOL.md §5.11, §5.12) between this node and the others while it is
/// a member: what its server hands over for peers of other nodes goes out as NOTIFY on
/// ``ClusterDatabase/relayChannel``, and what other nodes send comes in to its server. Notices go out one at
/// a time on one connection, so other nodes get a node's notices in the order it sent them.
struct RelayBridge {
    let node: ClusterNode
    let database: ClusterDatabase
    /// This node's id in the cluster.
    let member: Int64

    /// Notices waiting to go out, at most this many (a burst beyond it is dropped: its askers time out
    /// as if the target had not answered, and ask again).
    static let queued = 1024

    func run() async throws {
        let (outgoing, send) = AsyncStream.makeStream(of: RelayNotice.self, bufferingPolicy: .bufferingNewest(Self.queued))
        let server = node.server, member = self.member, logger = node.logger
        // As with the log's LISTEN (LogReader), the listener is never awaited: its sequence need not end when
        // its connection closes.
        let database = self.database
        let listener = Task {
            try await database.connection.listen(on: ClusterDatabase.relayChannel) { notifications in
                for try await notification in notifications {
                    guard let received = RelayNotification(payload: notification.payload) else {
                        logger.debug("ignored a relay notice this node cannot read: \(notification.payload.prefix(80))")
                        continue
                    }
                    if received.sender != member { server.receive(received.notice) }
                }
            }
        }
        server.forwardRelays { send.yield($0) }
        defer {
            server.forwardRelays(to: nil)
            send.finish()
            listener.cancel()
        }
        for await notice in outgoing {
            try await database.notifyRelay(RelayNotification(sender: member, notice: notice).payload)
        }
        // The stream ends only when this task is cancelled (the membership is ending).
        throw CancellationError()
    }
}
