/// Where a download stands in the queue, compared ascending: higher priority first, then its queue order,
/// then its id. The download scheduler and every view of the queue go by it.
public struct QueuePlace: Comparable, Hashable, Sendable {
    public let priority: TransferPriority
    public let order: Int64
    public let id: Int64

    public init(priority: TransferPriority, order: Int64, id: Int64) {
        self.priority = priority
        self.order = order
        self.id = id
    }

    public static func < (a: QueuePlace, b: QueuePlace) -> Bool {
        (-a.priority.rawValue, a.order, a.id) < (-b.priority.rawValue, b.order, b.id)
    }
}

extension TransferSnapshot {
    public var queuePlace: QueuePlace { QueuePlace(priority: priority, order: queueOrder, id: id) }
}
