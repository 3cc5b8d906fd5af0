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
    }

    private struct State {
        var ranges: [ServedRange] = []
        var classicGets = 0
        var totals: [String: UploadTotal] = [:]
        var nextID: Int64 = 1
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    public var servedRanges: [ServedRange] { state.withLockedValue { $0.ranges } }
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
            state.totals["\(remote) \(key)"]?.active = false
            if let range { state.ranges.append(range) } else if case .rfc = key { state.classicGets += 1 }
        }
    }
}
