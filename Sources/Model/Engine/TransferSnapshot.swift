/// What the UI and the CLI show of one transfer: published by the engine a few times a second at most.
public struct TransferSnapshot: Hashable, Sendable, Identifiable, Codable {
    public enum Direction: String, Hashable, Sendable, Codable { case download, upload }

    public var id: Int64
    public var direction: Direction
    public var key: FileKey
    public var name: String
    /// Total bytes, when known (classic RFC files announce no size until their transfer starts).
    public var size: UInt64?
    /// Bytes verified (downloads) or sent (uploads).
    public var bytesDone: UInt64
    /// Smoothed speed in bytes per second.
    public var bytesPerSecond: Double
    /// Sources currently sending (downloads) or the peer being served (uploads: 1).
    public var activeSources: Int
    public var state: TransferState
    /// The last error, one line, when there was one.
    public var lastError: String?
    /// Why it failed, once ``state`` is ``TransferState/failed``.
    public var failure: TransferFailure?
    /// Where the finished file is, once completed.
    public var path: String?
    /// A download's priority and its place in the queue (smaller first, among equal priorities).
    public var priority: TransferPriority
    public var queueOrder: Int64

    public init(id: Int64, direction: Direction, key: FileKey, name: String, size: UInt64?, bytesDone: UInt64 = 0,
                bytesPerSecond: Double = 0, activeSources: Int = 0, state: TransferState, lastError: String? = nil,
                failure: TransferFailure? = nil, path: String? = nil, priority: TransferPriority = .normal, queueOrder: Int64? = nil) {
        self.id = id
        self.direction = direction
        self.key = key
        self.name = name
        self.size = size
        self.bytesDone = bytesDone
        self.bytesPerSecond = bytesPerSecond
        self.activeSources = activeSources
        self.state = state
        self.lastError = lastError
        self.failure = failure
        self.path = path
        self.priority = priority
        self.queueOrder = queueOrder ?? id
    }

    /// Fraction done, 0...1, when the size is known.
    public var fraction: Double? {
        guard let size else { return nil }
        return size == 0 ? 1 : min(1, Double(bytesDone) / Double(size))
    }

    /// Seconds left at the current speed, when it can be told.
    public var secondsRemaining: Double? {
        guard let size, bytesPerSecond > 1, bytesDone <= size else { return nil }
        return Double(size - bytesDone) / bytesPerSecond
    }
}
