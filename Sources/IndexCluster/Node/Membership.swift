import IndexServer
import Logging
import NIOCore

/// One connection's worth of a node's membership: connect, join or go on as the same node, then write the
/// journal and read the log until something fails. What must outlive a reconnect (the node's id, where it
/// is in the log, changes not yet written) lives in ``State``, in the ``ClusterNode``.
struct Membership {
    let node: ClusterNode

    struct State: Sendable {
        var member: Member?
        /// The connections of the membership running now: closed when the lease runs out, so nothing waits
        /// on a server that is gone.
        var connections: [ClusterDatabase] = []
        /// How many times the node has reached its database (counts outages for the log).
        var connected = 0
    }

    /// The node as a member of the cluster.
    struct Member: Sendable {
        var node: Int64
        var feed: ReplicaFeed
        /// Journaled changes taken from the server and not yet in the log.
        var pending: [RegistryChange] = []
        /// The node stops serving at this time unless the lease is renewed before (nil while joining).
        var servingUntil: ContinuousClock.Instant?
    }

    func run() async throws {
        let settings = node.settings, logger = node.logger
        let writer = try await ClusterDatabase.connect(node.url, id: 1, idleTimeout: settings.lease,
                                                       statementTimeout: settings.servingWindow, logger: logger)
        do {
            let reader = try await ClusterDatabase.connect(node.url, id: 2, idleTimeout: settings.lease, logger: logger)
            node.state.withLockedValue { state in
                state.connections = [writer, reader]
                state.connected += 1
            }
            do {
                try await ClusterSchema.migrate(writer, logger: logger)
                if try await !continues(writer) { try await join(writer, reader) }
                guard let member = node.state.withLockedValue({ $0.member?.node }) else { throw ClusterError.cutOff }
                try await withTaskCancellationHandler {
                  try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await LogWriter(node: node, database: writer).run() }
                    group.addTask { try await LogReader(node: node, database: reader).run() }
                    group.addTask { try await RelayBridge(node: node, database: reader, member: member).run() }
                    // When one side fails, both connections close at once: a query waiting on a connection
                    // to a server that went away would otherwise hold the group (and the rejoin) up.
                    do {
                        try await group.next()
                    } catch {
                        await writer.close()
                        await reader.close()
                        group.cancelAll()
                        throw error
                    }
                  }
                } onCancel: {
                    // A query in flight does not end when its task is cancelled; closing its connection ends it.
                    _ = writer.connection.close() as EventLoopFuture<Void>
                    _ = reader.connection.close() as EventLoopFuture<Void>
                }
            } catch {
                await reader.close()
                throw error
            }
        } catch {
            await writer.close()
            throw error
        }
    }

    /// Rows of a snapshot applied at a time: up to 1 MB of change log (about 10,000 records) or 1,000 rows.
    static func partEnd(of rows: [LogRow], from start: Int) -> Int {
        var bytes = 0, end = start
        while end < rows.endIndex, end - start < 1000, bytes < 1 << 20 {
            bytes += rows[end].body.readableBytes
            end += 1
        }
        return end
    }

    /// Goes on as the same node after a reconnect, if its lease still holds; false when it must join anew.
    private func continues(_ database: ClusterDatabase) async throws -> Bool {
        guard let member = node.state.withLockedValue({ $0.member }) else { return false }
        let sent = ContinuousClock.now
        guard try await database.renew(node: member.node, lease: node.settings.lease, applied: member.feed.cursor) else {
            node.logger.error("node \(member.node) was removed by the cluster while it was away; joining again")
            node.server.stopServing(because: ClusterNode.cutOff)
            node.state.withLockedValue { $0.member = nil }
            return false
        }
        node.state.withLockedValue { $0.member?.servingUntil = sent + node.settings.servingWindow }
        node.metrics?.continued()
        node.logger.notice("node \(member.node) reconnected to the cluster database")
        return true
    }

    /// Joins as a new node: the server stops serving, its registry is emptied, the log's snapshot is loaded,
    /// and then it serves again. The lease is renewed all through: reading and applying a big log (a million
    /// records) takes longer than the lease lasts.
    private func join(_ writer: ClusterDatabase, _ reader: ClusterDatabase) async throws {
        let settings = node.settings, server = node.server
        server.stopServing(because: ClusterNode.joining)
        let sent = ContinuousClock.now
        let id = try await writer.join(name: settings.nodeName, lease: settings.lease)
        server.joinCluster(firstPeerID: ReplicaFeed.peers(of: id).lowerBound)
        node.state.withLockedValue { $0.member = Member(node: id, feed: ReplicaFeed(node: id), servingUntil: sent + settings.servingWindow) }
        let feed: ReplicaFeed
        do {
            feed = try await withThrowingTaskGroup(of: ReplicaFeed?.self) { group in
                group.addTask { try await keepLease(id, on: writer) }
                group.addTask { try await loadSnapshot(id, from: reader) }
                while let loaded = try await group.next() {
                    if let loaded {
                        group.cancelAll()
                        return loaded
                    }
                }
                throw ClusterError.unexpected("ended a join without its snapshot")
            }
        } catch {
            // A join cut short is no membership: the next round joins anew, instead of going on as this
            // half-loaded node (which would never serve again).
            node.state.withLockedValue { state in
                if state.member?.node == id { state.member = nil }
            }
            throw error
        }
        let stillMember = node.state.withLockedValue { state in
            guard state.member?.node == id else { return false }
            state.member?.feed = feed
            return true
        }
        guard stillMember else { throw ClusterError.leaseLost(node: id) }
        server.stopServing(because: nil)
        node.metrics?.joined()
        let statistics = server.statistics
        node.logger.notice("joined the cluster as node \(id): \(statistics.sessions) peers and \(statistics.records) records in the replica")
    }

    /// Renews the joining node's lease every heartbeat until cancelled (it never returns otherwise). Until the
    /// snapshot is applied the node reports nothing applied, which holds back compaction meanwhile.
    private func keepLease(_ id: Int64, on writer: ClusterDatabase) async throws -> ReplicaFeed? {
        let settings = node.settings
        while true {
            try await node.clock.sleep(for: settings.heartbeat)
            let sent = ContinuousClock.now
            guard try await writer.renew(node: id, lease: settings.lease, applied: .start) else { throw ClusterError.leaseLost(node: id) }
            node.state.withLockedValue { state in
                if state.member?.node == id { state.member?.servingUntil = sent + settings.servingWindow }
            }
        }
    }

    /// Reads the whole log, then applies it to the server a part at a time; returns where to follow it from.
    private func loadSnapshot(_ id: Int64, from reader: ClusterDatabase) async throws -> ReplicaFeed? {
        var feed = ReplicaFeed(node: id)
        let (rows, horizon) = try await reader.readSnapshot()
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = Self.partEnd(of: rows, from: start)
            try await LogReader.apply(try feed.take(Array(rows[start..<end])), to: node.server)
            start = end
        }
        feed.reached(horizon: horizon)
        return feed
    }
}
