import Model
import OrderedCollections

/// The engine's present state as its events tell it: what a face that attaches late is sent first, so that
/// it shows what a face attached from the start shows. Pure.
public struct EngineStateMirror: Sendable {
    /// Finished transfers kept at most (the newest): a peer that runs for days must not grow without bound.
    static let finishedKept = 1000

    private var index: IndexConnectionState?
    private var share: ShareStatus?
    private var sharedFiles: [SharedFileEntry]?
    private var downloadedFiles: OrderedSet<FileKey>?
    private var transfers: [Int64: TransferSnapshot] = [:]
    /// Ids of finished transfers, oldest first.
    private var finished: [Int64] = []

    public init() {}

    /// The last snapshot of transfer `id`, if it is still kept.
    public func transfer(_ id: Int64) -> TransferSnapshot? { transfers[id] }

    public mutating func apply(_ event: EngineEvent) {
        switch event {
        case .index(let state): index = state
        case .share(let status): share = status
        case .sharedFiles(let files): sharedFiles = files
        case .downloadedFiles(let keys): downloadedFiles = OrderedSet(keys)
        case .fileDownloaded(let key): downloadedFiles = (downloadedFiles ?? []).union([key])
        case .transfer(let snapshot):
            let wasFinished = transfers[snapshot.id]?.state.isFinished ?? false
            transfers[snapshot.id] = snapshot
            if snapshot.state.isFinished, !wasFinished {
                finished.append(snapshot.id)
                if finished.count > Self.finishedKept {
                    let dropped = finished.removeFirst()
                    if transfers[dropped]?.state.isFinished == true { transfers[dropped] = nil }
                }
            }
        case .transferRemoved(let id):
            transfers[id] = nil
            finished.removeAll { $0 == id }
        case .problem:
            break  // of the moment: not part of the state
        }
    }

    /// The state as events, in the order a face applies them.
    public var events: [EngineEvent] {
        var events: [EngineEvent] = []
        if let index { events.append(.index(index)) }
        if let share { events.append(.share(share)) }
        if let sharedFiles { events.append(.sharedFiles(sharedFiles)) }
        if let downloadedFiles { events.append(.downloadedFiles(downloadedFiles.elements)) }
        events += transfers.values.sorted { ($0.direction.rawValue, $0.id) < ($1.direction.rawValue, $1.id) }.map { .transfer($0) }
        return events
    }
}
