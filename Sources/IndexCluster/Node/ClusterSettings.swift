/// How a node keeps its place in the cluster (README: "Running a cluster"). The defaults meet the promises
/// there: a dead node's peers are gone everywhere within 15 s (lease, then the next reap, then one read of the
/// log), and a change shows on other nodes within a batch interval and one NOTIFY.
public struct ClusterSettings: Sendable {
    /// This node's name in `shoal_nodes`, for operators (not unique; the id is).
    public var nodeName: String
    /// How long a lease lasts on the database's clock: a node that has not renewed it for this long is
    /// removed, with its peers, by the next node that reaps.
    public var lease: Duration = .seconds(10)
    /// Renewed at least this often (each batch written also renews it).
    public var heartbeat: Duration = .seconds(2)
    /// A node that has not renewed its lease for `lease - margin` stops serving (closes its peers so they
    /// fail over, answers 503) before the others reap it: it never serves records the cluster has dropped.
    public var margin: Duration = .seconds(2)
    /// Changes are gathered for this long and written as one transaction.
    public var batchInterval: Duration = .milliseconds(50)
    /// The log is read at least this often even if no NOTIFY comes (one can be lost across a reconnect).
    public var pollInterval: Duration = .seconds(1)
    /// Expired nodes are looked for this often, by every node.
    public var reapInterval: Duration = .seconds(2)
    /// Rows every node has applied, of peers and nodes that are gone, are deleted this often.
    public var compactInterval: Duration = .seconds(60)
    /// Wait before connecting again after the database went away.
    public var retry: Duration = .seconds(1)

    public init(nodeName: String) {
        self.nodeName = nodeName
    }

    /// The node stops serving this long after its last renewal was sent.
    var servingWindow: Duration { lease - margin }
}
