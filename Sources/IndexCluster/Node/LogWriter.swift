import IndexServer
import Logging

/// Writes the node's journal to the change log, a batch at a time, renewing the lease with each batch (or on
/// its own when there is nothing to write); reaps expired nodes and compacts the log now and then.
struct LogWriter {
    let node: ClusterNode
    let database: ClusterDatabase
    /// Records written in one transaction at most; a bigger backlog (a peer registering 100,000 files)
    /// goes in several, back to back, so no transaction runs near the statement timeout.
    static let batchRecords = 20_000

    func run() async throws {
        let settings = node.settings, clock = node.clock
        var lastRenewal = clock.now, lastReap = clock.now, lastCompaction = clock.now
        var backlog = false
        while true {
            if !backlog { try await clock.sleep(for: settings.batchInterval) }
            let taken = node.server.takeJournal()
            guard let member = node.state.withLockedValue({ state -> Membership.Member? in
                state.member?.pending += taken
                return state.member
            }) else { throw ClusterError.cutOff }
            let batch = Self.batch(of: member.pending)
            backlog = batch.count < member.pending.count
            let sent = clock.now
            if !batch.isEmpty || lastRenewal.duration(to: sent) >= settings.heartbeat {
                let kept = batch.isEmpty
                    ? try await database.renew(node: member.node, lease: settings.lease, applied: member.feed.cursor)
                    : try await database.write(LogBatch.rows(batch), node: member.node, lease: settings.lease,
                                               applied: member.feed.cursor)
                guard kept else { throw ClusterError.leaseLost(node: member.node) }
                lastRenewal = sent
                node.metrics?.renewed()
                node.state.withLockedValue { state in
                    guard state.member?.node == member.node else { return }
                    state.member?.pending.removeFirst(batch.count)
                    state.member?.servingUntil = sent + settings.servingWindow
                }
            }
            if lastReap.duration(to: clock.now) >= settings.reapInterval {
                lastReap = clock.now
                let reaped = try await database.reapExpired()
                node.metrics?.reapedNodes(reaped.count)
                for gone in reaped {
                    node.logger.warning("node \(gone)'s lease ran out: it and its peers are removed from the cluster")
                }
            }
            if lastCompaction.duration(to: clock.now) >= settings.compactInterval {
                lastCompaction = clock.now
                let deleted = try await database.compact()
                if deleted > 0 { node.logger.info("compacted the change log: \(deleted) rows of departed peers and nodes deleted") }
            }
        }
    }

    /// The oldest pending changes that make one transaction: up to ``batchRecords`` records (at least one change).
    static func batch(of pending: [RegistryChange]) -> ArraySlice<RegistryChange> {
        var weight = 0, count = 0
        for change in pending {
            weight += change.weight
            if weight > batchRecords, count > 0 { break }
            count += 1
        }
        return pending.prefix(count)
    }
}
