import CoreMetrics
import Foundation
import Prometheus

/// What a cluster node measures, added to its index's Prometheus endpoint (`--metrics`; README.md, "Metrics").
final class ClusterMetrics: Sendable {
    /// The metric names, in one place (README.md documents each).
    enum Name {
        static let replicationLag = "shoal_cluster_replication_lag_seconds"
        static let rowsApplied = "shoal_cluster_log_rows_applied_total"
        static let leaseRenewed = "shoal_cluster_lease_renewed_timestamp_seconds"
        static let member = "shoal_cluster_member"
        static let joins = "shoal_cluster_joins_total"
        static let reaped = "shoal_cluster_nodes_reaped_total"
    }

    private let replicationLag: CoreMetrics.Timer
    private let rowsApplied: CoreMetrics.Counter
    private let leaseRenewed: CoreMetrics.Gauge
    private let member: CoreMetrics.Gauge
    private let joins: CoreMetrics.Counter
    private let reaped: CoreMetrics.Counter

    init(registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        // A batch is written every 50 ms and read at once: tens of milliseconds normally, seconds when a
        // transaction of another node holds the log's horizon back.
        factory.durationHistogramBuckets[Name.replicationLag] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        replicationLag = CoreMetrics.Timer(label: Name.replicationLag, factory: factory)
        rowsApplied = CoreMetrics.Counter(label: Name.rowsApplied, factory: factory)
        leaseRenewed = CoreMetrics.Gauge(label: Name.leaseRenewed, factory: factory)
        member = CoreMetrics.Gauge(label: Name.member, factory: factory)
        joins = CoreMetrics.Counter(label: Name.joins, factory: factory)
        reaped = CoreMetrics.Counter(label: Name.reaped, factory: factory)
    }

    /// Rows of other nodes read from the log and applied; each one's age when it was read.
    func applied(_ rows: [LogRow], node: Int64) {
        var count = 0
        for row in rows where row.node != node {
            replicationLag.recordNanoseconds(Int64(max(0, row.age) * 1e9))
            count += 1
        }
        if count > 0 { rowsApplied.increment(by: count) }
    }

    /// The lease was renewed now.
    func renewed() { leaseRenewed.record(Date().timeIntervalSince1970) }

    /// The node joined the cluster (as a new node, with a new lease) and serves.
    func joined() {
        joins.increment()
        member.record(1)
        renewed()
    }

    /// The node serves again as the same member after a reconnect (its lease renewed).
    func continued() {
        member.record(1)
        renewed()
    }

    /// The node stopped serving as a member (cut off, removed, or leaving).
    func left() { member.record(0) }

    /// This node removed `count` nodes whose lease ran out.
    func reapedNodes(_ count: Int) {
        if count > 0 { reaped.increment(by: count) }
    }
}
