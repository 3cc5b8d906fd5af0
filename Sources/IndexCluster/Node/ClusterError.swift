/// Why a node cannot be part of its cluster.
public enum ClusterError: Error, Equatable, CustomStringConvertible {
    /// The database was set up by a newer build.
    case newerSchema(found: Int, known: Int)
    /// Another node found this node's lease expired and removed it.
    case leaseLost(node: Int64)
    /// The node went longer than its lease allows without renewing it, and stopped serving.
    case cutOff
    /// The connection to the database closed while a statement was running or about to run.
    case connectionClosed
    /// The database did not finish accepting a connection in time.
    case connectTimedOut(Duration)
    /// The database answered something the node did not expect (what, in words).
    case unexpected(String)

    /// A lost or refused connection, after which the node goes on as the same member if it reconnects within
    /// its lease (the other cases end its membership).
    public var isConnectionFailure: Bool {
        switch self {
        case .connectionClosed, .connectTimedOut: return true
        case .newerSchema, .leaseLost, .cutOff, .unexpected: return false
        }
    }

    public var description: String {
        switch self {
        case .newerSchema(let found, let known):
            return "the cluster database is at schema version \(found); this build knows up to \(known): upgrade this node"
        case .leaseLost(let node):
            return "node \(node)'s lease expired and the cluster removed it"
        case .cutOff:
            return "the node could not renew its lease in time and stopped serving; it joins again"
        case .connectionClosed:
            return "the connection to the cluster database closed"
        case .connectTimedOut(let limit):
            return "the cluster database did not accept a connection within \(limit)"
        case .unexpected(let what):
            return "the cluster database \(what)"
        }
    }
}
