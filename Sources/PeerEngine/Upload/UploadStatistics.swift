import Model
import NIOConcurrencyHelpers
import Wire

/// What the upload server has served: per-request records (tests use them to prove no chunk is fetched
/// twice) and per-peer totals that the engine shows as upload rows.
public final class UploadStatistics: Sendable {
    /// One served ranged GET.
    public struct ServedRange: Hashable, Sendable {
        public var hash: ContentHash
        public var first: UInt64
        public var last: UInt64
    }

    /// Bytes sent of one file to one remote address.
    public struct UploadTotal: Hashable, Sendable {
        public var id: Int64
        public var remote: String
        public var key: FileKey
        public var name: String
        public var size: UInt64
        public var bytesSent: UInt64
        public var active: Bool

        /// The upload's row: bytes sent, and `speed` while it is active.
        public func snapshot(speed: Double) -> TransferSnapshot {
            TransferSnapshot(id: id, direction: .upload, key: key, name: name, size: size, bytesDone: bytesSent,
                             bytesPerSecond: active ? speed : 0, activeSources: active ? 1 : 0, state: active ? .uploading : .completed)
        }
    }

    /// The most recent served ranges kept; older ones are forgotten (one record per request must not grow
    /// for as long as the peer runs).
    public static let keptRanges = 10_000
    /// Finished per-peer totals kept, oldest forgotten first; totals of uploads under way are always kept.
    public static let keptFinishedTotals = 1_000

    private struct State {
        var ranges: [ServedRange] = []
        var classicGets = 0
        var totals: [String: UploadTotal] = [:]
        /// Keys of finished totals, oldest first (a key may be stale: it was restarted since).
        var finishedOrder: [String] = []
        var nextID: Int64 = 1

        mutating func forgetOldest() {
            if ranges.count > UploadStatistics.keptRanges * 2 { ranges.removeFirst(ranges.count - UploadStatistics.keptRanges) }
            while finishedOrder.count > UploadStatistics.keptFinishedTotals {
                let key = finishedOrder.removeFirst()
                if totals[key]?.active == false, !finishedOrder.contains(key) { totals[key] = nil }
            }
        }
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// The most recent served ranges (at most ``keptRanges``), oldest first.
    public var servedRanges: [ServedRange] { state.withLockedValue { Array($0.ranges.suffix(Self.keptRanges)) } }
    public var classicGets: Int { state.withLockedValue { $0.classicGets } }
    public var totals: [UploadTotal] { state.withLockedValue { Array($0.totals.values) } }

    func began(remote: String, key: FileKey, name: String, size: UInt64) {
        state.withLockedValue { state in
            let id = "\(remote) \(key)"
            if state.totals[id] == nil {
                // Upload ids count down from -1 so they never collide with download ids.
                state.totals[id] = UploadTotal(id: -state.nextID, remote: remote, key: key, name: name, size: size,
                                               bytesSent: 0, active: true)
                state.nextID += 1
            }
            state.totals[id]?.active = true
        }
    }

    func sent(remote: String, key: FileKey, bytes: UInt64) {
        state.withLockedValue { $0.totals["\(remote) \(key)"]?.bytesSent += bytes }
    }

    /// A request is done; `range` is set when a ranged GET was sent whole, nil for classic GETs and failures.
    func finished(remote: String, key: FileKey, range: ServedRange?) {
        state.withLockedValue { state in
            let id = "\(remote) \(key)"
            if state.totals[id] != nil {
                state.totals[id]?.active = false
                state.finishedOrder.append(id)
            }
            if let range { state.ranges.append(range) } else if case .rfc = key { state.classicGets += 1 }
            state.forgetOldest()
        }
    }
}
