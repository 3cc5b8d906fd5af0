/// The index's registry write-lock holds between two scrapes of its metrics
/// (`shoal_index_registry_write_hold_seconds`): how many, and the histogram bucket the longest fell in. A
/// search or lookup waits for the holds in progress or queued when it arrives (the lock lets writers go
/// first), so this is the index's own part of a stall, apart from the machine's scheduling.
struct WriteHolds {
    static let metric = "shoal_index_registry_write_hold_seconds"

    /// Holds between the scrapes.
    let count: Int
    /// The upper bound of the smallest bucket holding every one of them (nil with no holds; infinity past
    /// the last bucket).
    let longestAtMost: Double?
    /// Holds longer than 1 ms (the bucket bound at 1 ms is the metric's own).
    let overOneMillisecond: Int
    /// The holds' total length (the histogram's sum), in wall time: the registry's own work between the
    /// scrapes, one change at a time, and any time a holder was preempted while it held the lock.
    let totalSeconds: Double

    init(from before: [String: Double], to after: [String: Double]) {
        let prefix = Self.metric + #"_bucket{le=""#
        var bounds: [(bound: Double, count: Double)] = []
        for (key, value) in after where key.hasPrefix(prefix) {
            let label = key.dropFirst(prefix.count).prefix { $0 != "\"" }
            let bound = label == "+Inf" ? Double.infinity : Double(label) ?? .nan
            guard !bound.isNaN else { continue }
            bounds.append((bound, value - (before[key] ?? 0)))
        }
        bounds.sort { $0.bound < $1.bound }
        let total = bounds.last?.count ?? 0
        count = Int(total)
        longestAtMost = total > 0 ? bounds.first { $0.count >= total }?.bound : nil
        overOneMillisecond = Int(total - (bounds.first { $0.bound == 0.001 }?.count ?? total))
        let sum = Self.metric + "_sum"
        totalSeconds = (after[sum] ?? 0) - (before[sum] ?? 0)
    }

    /// "N holds, K over 1 ms, the longest ≤ 2.5 ms".
    var description: String {
        guard let longestAtMost else { return "no holds" }
        let longest = longestAtMost.isInfinite ? "over the last bucket" : "≤ \(Figure.time(longestAtMost))"
        let long = overOneMillisecond > 0 ? ", \(Figure.count(Double(overOneMillisecond))) over 1 ms" : ""
        return "\(Figure.count(Double(count))) hold\(count == 1 ? "" : "s")\(long), the longest \(longest)"
    }
}
