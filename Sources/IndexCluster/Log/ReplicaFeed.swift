import IndexServer
import Model

/// What a node does with the change-log rows it reads. Pure: rows in, steps out.
///
/// - Its own rows are skipped: their changes were made here first.
/// - A `gone` row drops that node's peers and remembers the node, so any row of it read later (rows are read in
///   transaction order, which need not be the order they committed in) is skipped too: a node's rows and the
///   news that it is gone come out right in either order.
public struct ReplicaFeed: Sendable {
    /// This node.
    public let node: Int64
    /// Where reading goes on from: every row before it has been taken.
    public private(set) var cursor = LogCursor.start
    /// Nodes known to be gone.
    public private(set) var goneNodes: Set<Int64> = []

    public init(node: Int64) {
        self.node = node
    }

    /// What to do to the replica for some rows, in order.
    public enum Step: Equatable, Sendable {
        case apply([RegistryChange])
        /// Remove every session of the node whose peers are numbered in this range.
        case dropPeers(Range<UInt64>)
    }

    /// The steps for `rows` (in log order), their changes gathered into as few steps as possible.
    public mutating func take(_ rows: [LogRow]) throws(ChangeCodecError) -> [Step] {
        var steps: [Step] = [], changes: [RegistryChange] = []
        for row in rows {
            cursor = max(cursor, row.cursor)
            if row.gone {
                guard goneNodes.insert(row.node).inserted, row.node != node else { continue }
                if !changes.isEmpty { steps.append(.apply(changes)) }
                changes = []
                steps.append(.dropPeers(Self.peers(of: row.node)))
            } else if row.node != node, !goneNodes.contains(row.node) {
                changes += try ChangeCodec.decode(row.body)
            }
        }
        if !changes.isEmpty { steps.append(.apply(changes)) }
        return steps
    }

    /// Moves the cursor up to `horizon`: every transaction before it has ended, and its rows were read.
    public mutating func reached(horizon: Int64) {
        cursor = max(cursor, LogCursor(transaction: horizon, position: 0))
    }

    /// How many peer ids each node numbers its peers from (node N: from N × this).
    public static let peersPerNode: UInt64 = 1_000_000_000

    /// The peer ids of `node`.
    public static func peers(of node: Int64) -> Range<UInt64> {
        let first = UInt64(node) * peersPerNode
        return first..<(first + peersPerNode)
    }
}
