import NIOCore

/// One row of the change log, as read.
public struct LogRow: Sendable {
    /// Where the row is in the log's order.
    public var cursor: LogCursor
    /// The node that wrote it (for a `gone` row, the node that is gone).
    public var node: Int64
    /// Whether the row says that `node` and all its peers are gone.
    public var gone: Bool
    /// ``ChangeCodec`` bytes (empty for a `gone` row).
    public var body: ByteBuffer
    /// Seconds from the row's writing to its reading, on the database's clock (the replication lag so far).
    public var age: Double

    public init(cursor: LogCursor, node: Int64, gone: Bool, body: ByteBuffer, age: Double = 0) {
        self.cursor = cursor
        self.node = node
        self.gone = gone
        self.body = body
        self.age = age
    }
}

/// A place in the change log: the id of the transaction that wrote a row, then the row's position. Every row
/// before a follower's cursor has been applied; rows are only ever added after it (ClusterDatabase).
public struct LogCursor: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var transaction: Int64
    public var position: Int64

    public init(transaction: Int64, position: Int64) {
        self.transaction = transaction
        self.position = position
    }

    public static let start = LogCursor(transaction: 0, position: 0)

    public static func < (lhs: LogCursor, rhs: LogCursor) -> Bool {
        (lhs.transaction, lhs.position) < (rhs.transaction, rhs.position)
    }

    public var description: String { "\(transaction)/\(position)" }
}
