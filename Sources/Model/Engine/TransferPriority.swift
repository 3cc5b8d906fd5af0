/// How soon a queued download gets one of the `max-downloads` slots: higher first, then queue order. A
/// queued download of a higher priority than a running one takes that one's slot (it goes back to the
/// queue, keeping its verified chunks).
public enum TransferPriority: Int, Hashable, Sendable, Codable, Comparable, CaseIterable {
    case low = -1, normal = 0, high = 1

    public static func < (a: TransferPriority, b: TransferPriority) -> Bool { a.rawValue < b.rawValue }

    /// One step up (`+`) or down (`-`), staying within low...high.
    public func stepped(_ by: Int) -> TransferPriority {
        TransferPriority(rawValue: max(-1, min(1, rawValue + by))) ?? self
    }
}
