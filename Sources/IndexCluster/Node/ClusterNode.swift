import IndexServer
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// `shoal-index --database`: makes an ``IndexServer`` one node of a cluster that shares its records through
/// PostgreSQL (README: "Running a cluster").
///
/// The server keeps serving from its own full replica. This service writes the changes its peers make to
/// the change log (one transaction and one NOTIFY per batch), reads the other nodes' changes into the
/// replica, holds the node's lease, and reaps nodes whose lease ran out. Cut off from the database for
/// longer than the lease allows, the node stops serving (its peers fail over) and joins again, as a new
/// node with a fresh snapshot, once the database is back.
public final class ClusterNode: Service, Sendable {
    let url: DatabaseURL
    let server: IndexServer
    let settings: ClusterSettings
    let logger: Logger
    let clock = ContinuousClock()
    let state = NIOLockedValueBox(Membership.State())
    /// Nil when the server has no metrics endpoint.
    let metrics: ClusterMetrics?

    public init(database: DatabaseURL, server: IndexServer, settings: ClusterSettings, logger: Logger) {
        self.url = database
        self.server = server
        self.settings = settings
        self.logger = logger
        metrics = server.metricsRegistry.map(ClusterMetrics.init(registry:))
        server.stopServing(because: Self.joining)
    }

    static let joining = "this index node is joining its cluster; try again in a moment or use another node"
    static let cutOff = "this index node is cut off from its cluster's database; use another node"

    /// This node's id in the cluster, once it has joined (nil while it is not a member).
    public var nodeID: Int64? { state.withLockedValue { $0.member?.node } }

    /// `Service`: stays in the cluster until graceful shutdown or cancellation, then leaves it cleanly
    /// (its peers are dropped everywhere at once).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.stayConnected() }
                group.addTask { await self.watchLease() }
                await group.next()
                group.cancelAll()
            }
        }
        guard !Task.isCancelled else { return }
        await leave()
    }

    /// Connects, joins (or goes on as the same node), and serves the log until the connection fails; again
    /// and again until cancelled.
    private func stayConnected() async {
        var lastFailure: String?
        while !Task.isCancelled {
            let connectionsBefore = state.withLockedValue { $0.connected }
            let failure: String?
            do {
                try await Membership(node: self).run()
                failure = nil
            } catch is CancellationError where Task.isCancelled {
                return
            } catch let error as ClusterError where error.isConnectionFailure {
                // Like any lost connection: the node goes on as the same member if it reconnects within its lease.
                failure = "\(error)"
            } catch let error as ClusterError {
                // The node is no longer a member (its lease was lost, or the database cannot take it): it stops
                // serving now, not when the watchdog would have noticed, and joins anew when it can.
                failure = "\(error)"
                state.withLockedValue { $0.member = nil }
                metrics?.left()
                if case .newerSchema = error {
                    server.stopServing(because: "this index node is older than its cluster's database; its operator must upgrade it")
                } else {
                    server.stopServing(because: Self.cutOff)
                }
            } catch let error as ChangeCodecError {
                logger.critical("\(error)")
                server.stopServing(because: "this index node cannot read its cluster's log; its operator must upgrade it")
                state.withLockedValue { $0.member = nil }
                metrics?.left()
                failure = "\(error)"
            } catch {
                failure = "cluster database \(url): \(String(reflecting: error))"
            }
            // The same failure again (the database still down) is not logged again: one line per outage.
            if state.withLockedValue({ $0.connected }) != connectionsBefore { lastFailure = nil }
            if let failure, failure != lastFailure {
                logger.error("\(failure); trying again every \(settings.retry) until it answers")
                lastFailure = failure
            }
            do { try await clock.sleep(for: settings.retry) } catch { return }
        }
    }

    /// Stops serving the moment the lease may have run out without a renewal.
    private func watchLease() async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: .milliseconds(250)) } catch { return }
            let now = clock.now
            let expired = state.withLockedValue { state -> (Int64, [ClusterDatabase])? in
                guard let member = state.member, let deadline = member.servingUntil,
                      deadline.duration(to: now) > .zero else { return nil }
                state.member = nil
                defer { state.connections = [] }
                return (member.node, state.connections)
            }
            if let (expired, connections) = expired {
                for connection in connections { await connection.close() }
                logger.error("node \(expired) could not renew its lease in time: it stops serving until it can join again")
                server.stopServing(because: Self.cutOff)
                metrics?.left()
            }
        }
    }

    /// Tells the cluster this node is gone (best effort: if the database is away, the lease runs out instead).
    /// A node whose task is cancelled instead (not shut down gracefully) says nothing, like a crash: its lease
    /// runs out.
    private func leave() async {
        guard let node = state.withLockedValue({ $0.member?.node }) else { return }
        do {
            let database = try await ClusterDatabase.connect(url, id: 3, idleTimeout: settings.lease, logger: logger)
            try await database.leave(node: node)
            await database.close()
            logger.notice("node \(node) left the cluster")
        } catch {
            logger.warning("node \(node) could not say it left (its lease will run out): \(error)")
        }
        state.withLockedValue { $0.member = nil }
        metrics?.left()
    }
}
