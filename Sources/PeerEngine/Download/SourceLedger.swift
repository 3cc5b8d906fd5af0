import Model
import NIOCore

/// What each source of one download has done this run, for the transfer details view: connecting,
/// sending or idle, its speed, the verified bytes and chunks it gave, why its last turn ended. Pure: the
/// download's executor tells it what happened, with the time.
struct SourceLedger: Sendable {
    private struct Entry: Sendable {
        var detail: SourceDetail
        var meter = TransferMeter()
    }

    /// By address, in the order sources were first tried.
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    mutating func connecting(_ source: FileSource) {
        update(source) { entry in
            entry.detail.activity = .connecting
            entry.detail.lastError = nil
        }
    }

    mutating func connected(_ source: FileSource, at now: NIODeadline) {
        update(source) { entry in
            entry.detail.activity = .sending
            entry.meter.start(at: now)
        }
    }

    /// A chunk of `bytes` from `source` was verified and written.
    mutating func verified(_ bytes: Int, from source: FileSource, at now: NIODeadline) {
        update(source) { entry in
            entry.detail.bytes += UInt64(bytes)
            entry.detail.chunks += 1
            entry.meter.record(UInt64(bytes), at: now)
        }
    }

    /// Its turn ended; `problem` says why when it failed.
    mutating func ended(_ source: FileSource, problem: String?) {
        update(source) { entry in
            if entry.detail.activity != .banned { entry.detail.activity = .idle }
            if let problem { entry.detail.lastError = problem }
        }
    }

    mutating func banned(_ source: FileSource, reason: String) {
        update(source) { entry in
            entry.detail.activity = .banned
            entry.detail.lastError = reason
        }
    }

    /// Every source tried, in the order first tried, with its speed now.
    func details(at now: NIODeadline) -> [SourceDetail] {
        order.compactMap { address in
            guard var entry = entries[address] else { return nil }
            entry.detail.bytesPerSecond = entry.detail.activity == .sending ? entry.meter.bytesPerSecond(at: now) : 0
            return entry.detail
        }
    }

    private mutating func update(_ source: FileSource, _ change: (inout Entry) -> Void) {
        if entries[source.address] == nil {
            order.append(source.address)
            entries[source.address] = Entry(detail: SourceDetail(peer: source.peer, nickname: source.nickname, address: source.address,
                                                                 reachable: source.reachable, activity: .connecting))
        }
        change(&entries[source.address]!)
    }
}
