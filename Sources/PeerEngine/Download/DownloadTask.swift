import Foundation
import Model
import NIOCore
import Wire

/// One download from start to verified file: the executor of its ``TransferMachine`` (content) and of
/// each source's ``SourceMachine``, which decide; this actor connects, requests, checks, writes, saves and
/// publishes. Runs until done, failed, or cancelled (pause and cancel are both a task cancellation; the
/// manager records which).
actor DownloadTask {
    // Not private: the extensions in DownloadTask+*.swift use these (an actor's state is isolated to it
    // either way).
    var record: DownloadRecord
    let env: DownloadEnvironment
    let partial: PartialFile
    private let emit: @Sendable (EngineEvent) -> Void
    private let publishInterval: Duration
    /// When a snapshot was last published, on the engine's clock.
    private var lastPublished: Duration?
    /// A snapshot held back by the interval, to be published when it ends.
    private var heldPublish: Task<Void, Never>?
    /// The run is over: the manager owns the row, and nothing held back is published any more.
    private var ended = false
    var picker = ChunkPicker(done: ChunkBitmap(count: 0))
    var meter = TransferMeter()
    var activeSources = 0
    /// Why the download failed, once it has.
    var failure: TransferFailure?
    var bytesDone: UInt64 = 0
    /// Why each source's last turn ended without the chunks it claimed, by address: what a failed download
    /// says it ran out of.
    var problems: [String: String] = [:]
    /// What each source has done this run, for the details view.
    var ledger = SourceLedger()
    /// When the verified-chunk bitmap was last written to the state database (the first chunk is saved at once).
    private var bitmapSaved = NIODeadline.distantPast

    init(record: DownloadRecord, env: DownloadEnvironment, publishInterval: TimeAmount,
         emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.record = record
        self.env = env
        self.partial = PartialFile(downloads: env.downloads, instance: env.store.instance, id: record.id)
        self.publishInterval = .nanoseconds(publishInterval.nanoseconds)
        self.emit = emit
    }

    /// Runs the download; returns the record as it ended (completed or failed), or as it was when cancelled.
    func run() async -> DownloadRecord {
        defer {
            ended = true
            heldPublish?.cancel()
        }
        do {
            await set(.connecting)
            try await env.io { [partial] in try partial.create() }
            switch record.key {
            case .content(let hash): try await fetchContent(hash: hash)
            case .rfc(let number): try await fetchClassic(number: number, sources: try await findSources())
            }
        } catch is CancellationError {
            await saveVerifiedChunksNow()
            return record
        } catch {
            if Task.isCancelled {
                await saveVerifiedChunksNow()
                return record
            }
            record.lastError = "\(error)"
            failure = TransferFailure(classifying: error)
            await set(.failed)
        }
        return record
    }

    /// LOOKUP for a classic download, waiting (``LookupPatience``) while the index is unreachable or nobody
    /// has the file: a restarted peer, a reconnecting index or a source that is briefly away does not fail it.
    func findSources() async throws -> [FileSource] {
        var patience = LookupPatience()
        while true {
            let wait: Duration
            do {
                let usable = self.usable(try await env.index.lookup(record.key, size: nil).sources)
                if !usable.isEmpty {
                    show(nil)
                    return usable
                }
                guard let next = patience.nobodyHasIt(now: env.clock.now) else { throw DownloadFailure.noSources }
                show(LookupPatience.waitingForSources)
                wait = next
            } catch let error as IndexLinkError where error.isTemporary {
                show(LookupPatience.waitingForIndex("\(error)"))
                wait = patience.indexAway()
            }
            try await env.clock.sleep(for: wait)
        }
    }

    /// The sources this download may use: all, or the one peer the user named.
    func usable(_ sources: [FileSource]) -> [FileSource] {
        sources.filter { record.fromPeer == nil || $0.peer == record.fromPeer }
    }

    /// The download's state line while it waits (nil clears it), published when it changes.
    func show(_ line: String?) {
        guard record.lastError != line else { return }
        record.lastError = line
        publish(force: true)
    }

    func sourceJoined(_ delta: Int) {
        activeSources += delta
        publish(force: false)
    }

    /// The verified-chunk bitmap is written to the state database at most this often while chunks arrive,
    /// and whenever the download stops. A crash loses at most this long of verified chunks (they are fetched
    /// again); a chunk is never recorded before it is verified and written.
    static let bitmapSaveInterval: TimeAmount = .milliseconds(500)

    /// Chunk `index` (the picker has it done) is verified and written: it counts, and goes (soon) to the
    /// state database.
    func chunkDone(_ index: Int, length: Int) async throws {
        record.bitmap[index] = true
        if NIODeadline.now() - bitmapSaved >= Self.bitmapSaveInterval {
            bitmapSaved = .now()
            let (store, id, bitmap) = (env.store, record.id, record.bitmap)
            try await store.saveBitmap(bitmap, of: id)
        }
        bytesDone += UInt64(length)
        meter.record(UInt64(length), at: .now())
        publish(force: false)
    }

    // MARK: Finishing

    /// Publishes the file, records completion, removes the partial data, and only then tells the front
    /// end: a crash at any point leaves either the partial (and the download resumes) or the completed record.
    /// - Parameter id: the file's id, for content downloads.
    func finish(id: ContentHash?) async throws {
        let (name, folder, partial) = (record.name, env.downloads, self.partial)
        record.finalPath = try await env.io { try partial.publish(folder: folder, name: name, id: id) }
        record.lastError = nil
        record.state = .completed
        try await save()
        try await env.io { partial.remove() }
        publish(force: true)
    }

    /// Writes the verified-chunk bitmap before returning: when the download is cancelled (paused, or the
    /// engine stops), so that a restart does not fetch chunks verified since the last periodic save.
    private func saveVerifiedChunksNow() async {
        guard record.bitmap.count > 0 else { return }
        try? await env.store.saveBitmap(record.bitmap, of: record.id)
    }

    func set(_ state: TransferState) async {
        record.state = state
        publish(force: true)
        try? await env.store.updateDownload(record)
    }

    func save() async throws {
        let (store, record) = (env.store, self.record)
        do { try await store.updateDownload(record) } catch {
            throw DownloadFailure.disk("cannot save download state: \(error)")
        }
    }

    /// Publishes a snapshot: at once when `force` (state changes), else at most every `publishInterval`;
    /// a change held back is published when the interval ends, so a row never stays behind (a source that
    /// stalls right after a chunk left it at the figures before that chunk). Nothing is published once the
    /// task is cancelled: the manager owns the row then.
    func publish(force: Bool) {
        guard !Task.isCancelled || record.state.isFinished, !ended else { return }
        let now = env.clock.now
        if !force, let last = lastPublished, now - last < publishInterval {
            if heldPublish == nil {
                let (clock, wait) = (env.clock, publishInterval - (now - last))
                heldPublish = Task { [weak self] in
                    guard (try? await clock.sleep(for: wait)) != nil else { return }
                    await self?.publishHeld()
                }
            }
            return
        }
        heldPublish?.cancel()
        heldPublish = nil
        lastPublished = now
        emit(.transfer(snapshot))
    }

    private func publishHeld() {
        heldPublish = nil
        publish(force: false)
    }

    /// The queue changed this download's priority or place while it runs.
    func requeue(priority: TransferPriority, order: Int64) async {
        record.priority = priority
        record.queueOrder = order
        publish(force: true)
        try? await save()
    }

    /// The transfer details view's data: sources this run, the chunk map, where the file lands.
    func details() -> TransferDetails {
        let picker = self.picker
        return record.details(snapshot: snapshot, sources: ledger.details(at: .now()), downloads: env.downloads,
                              done: picker.done.count > 0 ? picker.done : record.bitmap, inFlight: picker.isClaimed)
    }

    var snapshot: TransferSnapshot {
        TransferSnapshot(id: record.id, direction: .download, key: record.key, name: record.name, size: record.size,
                         bytesDone: bytesDone, bytesPerSecond: meter.bytesPerSecond(at: .now()), activeSources: activeSources,
                         state: record.state, lastError: record.lastError,
                         failure: record.state == .failed ? failure ?? .sourcesFailed : nil, path: record.finalPath,
                         priority: record.priority, queueOrder: record.queueOrder)
    }
}
