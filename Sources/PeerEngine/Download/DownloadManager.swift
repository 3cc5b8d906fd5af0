import Foundation
import Wire
import Model
import NIOCore

/// The download queue: at most `maximumActive` downloads run at once, the rest wait; pause, resume and
/// cancel; state survives restarts (unfinished downloads resume from their verified chunks).
/// Snapshots are published at most every `publishInterval` per transfer, and at once on a state change.
actor DownloadManager {
    private let env: DownloadEnvironment
    private let maximumActive: Int
    private let emit: @Sendable (EngineEvent) -> Void
    private var records: [Int64: DownloadRecord] = [:]
    private var running: [Int64: Task<Void, Never>] = [:]
    /// The running downloads' executors, for their details.
    private var tasks: [Int64: DownloadTask] = [:]
    /// Downloads stopped whose tasks are still winding down.
    private var winding: [Int64: Task<Void, Never>] = [:]
    /// The sources of downloads that ended this run, as they ended (who sent what), until cleared.
    private var endedSources: [Int64: [SourceDetail]] = [:]
    /// Files downloaded (this run or before) still where they were saved, by key.
    private var downloaded: [FileKey: String] = [:]
    /// Set by ``stopAll()``: nothing new starts while the engine stops.
    private var stopping = false
    private let publishInterval: TimeAmount = .milliseconds(250)

    init(env: DownloadEnvironment, maximumActive: Int, emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.env = env
        self.maximumActive = max(1, maximumActive)
        self.emit = emit
    }

    /// Loads saved downloads: unfinished ones are queued again, paused ones stay paused. Partial files
    /// of this state folder that no download owns any more are removed.
    func restore() async throws {
        let saved = try await env.store.downloads()
        await restoreDownloaded(saved)
        let owned = Set(saved.filter { !$0.state.isFinished || $0.state == .failed }.map { partial($0.id).path })
        let folder = (env.downloads as NSString).appendingPathComponent(".partial")
        let prefix = PartialFile.prefix(instance: env.store.instance)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            let path = (folder as NSString).appendingPathComponent(name)
            if !owned.contains(path) { try? FileManager.default.removeItem(atPath: path) }
        }
        for var record in saved {
            if [.connecting, .downloading].contains(record.state) {
                record.state = .queued
                try await env.store.updateDownload(record)
            }
            records[record.id] = record
            emit(.transfer(Self.snapshot(record)))
        }
        schedule()
    }

    /// Queues a download. Asking again for a file under the same name that is queued, running, paused or
    /// failed continues that download (from its verified chunks) instead of starting another; the same file
    /// under another name (the same picture in two folders of a folder download) is a download of its own.
    func enqueue(key: FileKey, name: String, size: UInt64?, from peer: PeerID?) async throws -> Int64 {
        if var existing = records.values.filter({ $0.key == key && $0.fromPeer == peer && $0.name == name
                                                     && $0.state != .completed && $0.state != .cancelled }).min(by: { $0.id < $1.id }) {
            if existing.state == .paused || existing.state == .failed {
                existing.state = .queued
                existing.lastError = nil
                await store(existing)
            }
            schedule()
            await preempt()
            return existing.id
        }
        var record = DownloadRecord(key: key, name: name, size: size, fromPeer: peer)
        record.id = try await env.store.insertDownload(record)
        record.queueOrder = record.id
        records[record.id] = record
        emit(.transfer(Self.snapshot(record)))
        schedule()
        await preempt()
        return record.id
    }

    func pause(_ id: Int64) async {
        guard let before = records[id], !before.state.isFinished, before.state != .paused else { return }
        await stop(id)
        // The task may have finished, or another command changed the row, while we waited.
        guard var record = records[id], !record.state.isFinished, record.state != .paused else { return }
        record.state = .paused
        await store(record)
        schedule()
    }

    func resume(_ id: Int64) async {
        guard var record = records[id], record.state == .paused || record.state == .failed else { return }
        record.state = .queued
        record.lastError = nil
        await store(record)
        schedule()
        await preempt()
    }

    func cancel(_ id: Int64) async {
        guard let before = records[id], !before.state.isFinished else { return }
        await stop(id)
        guard var record = records[id], !record.state.isFinished else { return }
        partial(id).remove()
        record.state = .cancelled
        await store(record)
        schedule()
    }

    /// Loads the files remembered as downloaded, and completed downloads' files, keeping those still there.
    private func restoreDownloaded(_ saved: [DownloadRecord]) async {
        var known = Dictionary((try? await env.store.downloadedFiles())?.map { ($0.key, $0.path) } ?? [], uniquingKeysWith: { a, _ in a })
        for record in saved where record.state == .completed { if let path = record.finalPath { known[record.key] = path } }
        let gone = known.filter { !FileManager.default.fileExists(atPath: $0.value) }.map(\.key)
        for key in gone { known[key] = nil }
        try? await env.store.forgetDownloaded(gone)
        downloaded = known
        emit(.downloadedFiles(Array(downloaded.keys)))
    }

    /// A download completed at `path` (already remembered in the state database): the faces are told.
    private func noteDownloaded(_ key: FileKey, at path: String) {
        downloaded[key] = path
        emit(.fileDownloaded(key))
    }

    /// Sets a download's priority; a queued one above a running one takes its slot (``preempt()``).
    func setPriority(_ id: Int64, _ priority: TransferPriority) async {
        guard let record = records[id], !record.state.isFinished, record.priority != priority else { return }
        await requeue(id, priority: priority, order: record.queueOrder)
        schedule()
        await preempt()
    }

    /// Moves a queued download `by` places among the queued ones, in queue order (priority first).
    func move(_ id: Int64, by: Int) async {
        let queue = records.values.filter { $0.state == .queued }.sorted(by: Self.sooner)
        guard let from = queue.firstIndex(where: { $0.id == id }) else { return }
        let to = max(0, min(queue.count - 1, from + by))
        guard to != from else { return }
        var reordered = queue
        reordered.insert(reordered.remove(at: from), at: to)
        // The moved run of the queue takes the same order numbers, in its new order.
        let span = min(from, to)...max(from, to)
        let orders = span.map { queue[$0].queueOrder }.sorted()
        for (position, order) in zip(span, orders) where reordered[position].queueOrder != order {
            await requeue(reordered[position].id, priority: reordered[position].priority, order: order)
        }
        schedule()
        await preempt()
    }

    /// Changes a download's place in the queue. A running one's task keeps its own copy of the record,
    /// which it saves and publishes: the change goes through it.
    private func requeue(_ id: Int64, priority: TransferPriority, order: Int64) async {
        if let task = winding[id] { await task.value }  // its ending record first
        guard var record = records[id] else { return }
        (record.priority, record.queueOrder) = (priority, order)
        records[id] = record
        if let task = tasks[id] { await task.requeue(priority: priority, order: order) } else { await store(record) }
    }

    /// While every slot is taken and a queued download has a higher priority than a running one, the
    /// lowest running one goes back to the queue (keeping its verified chunks) and the queued one starts.
    private func preempt() async {
        while running.count >= maximumActive, !stopping {
            let queued = records.values.filter { $0.state == .queued && running[$0.id] == nil }.sorted(by: Self.sooner)
            let active = running.keys.compactMap { records[$0] }.sorted(by: Self.sooner)
            guard let next = queued.first, let last = active.last, next.priority > last.priority else { return }
            await stop(last.id)
            // Paused or cancelled meanwhile: that stands.
            guard var record = records[last.id], !record.state.isFinished, record.state != .paused else { continue }
            record.state = .queued
            await store(record)
            schedule()
        }
    }

    func clearFinished() async {
        for (id, record) in records where record.state.isFinished {
            if record.state != .completed { partial(id).remove() }
            records[id] = nil
            endedSources[id] = nil
            emit(.transferRemoved(id))
            try? await env.store.deleteDownload(id)
        }
    }

    func stopAll() async {
        stopping = true
        while let id = running.keys.first { await stop(id) }
    }

    private func partial(_ id: Int64) -> PartialFile {
        PartialFile(downloads: env.downloads, instance: env.store.instance, id: id)
    }

    var all: [DownloadRecord] { records.values.sorted { $0.id < $1.id } }

    /// A download's details: live from its executor while it runs, else from its record (no sources).
    func details(_ id: Int64) async -> TransferDetails? {
        if let task = tasks[id] { return await task.details() }
        guard let record = records[id] else { return nil }
        return record.details(snapshot: Self.snapshot(record), sources: endedSources[id] ?? [], downloads: env.downloads, done: record.bitmap)
    }

    // MARK: Running

    /// Queue order (``QueuePlace``).
    private static func sooner(_ a: DownloadRecord, _ b: DownloadRecord) -> Bool {
        QueuePlace(priority: a.priority, order: a.queueOrder, id: a.id) < QueuePlace(priority: b.priority, order: b.queueOrder, id: b.id)
    }

    private func schedule() {
        guard !stopping else { return }
        let waiting = records.values.filter { $0.state == .queued && running[$0.id] == nil }.sorted(by: Self.sooner)
        for record in waiting.prefix(max(0, maximumActive - running.count)) {
            let task = DownloadTask(record: record, env: env, publishInterval: publishInterval, emit: emit)
            tasks[record.id] = task
            records[record.id]?.state = .connecting
            running[record.id] = Task {
                let ended = await task.run()
                let sources = await task.details().sources
                if ended.state == .completed, let path = ended.finalPath {
                    try? await self.env.store.rememberDownloaded(ended.key, path: path)
                }
                self.finished(ended, sources: sources)
            }
        }
    }

    private func finished(_ record: DownloadRecord, sources: [SourceDetail]) {
        running[record.id] = nil
        tasks[record.id] = nil
        endedSources[record.id] = sources
        guard !stopping, let current = records[record.id], current.state != .paused, current.state != .cancelled else {
            schedule()
            return
        }
        var ended = record
        (ended.priority, ended.queueOrder) = (current.priority, current.queueOrder)
        if ended.state == .completed, let path = ended.finalPath { noteDownloaded(ended.key, at: path) }
        records[record.id] = ended
        emit(.transfer(Self.snapshot(ended)))
        schedule()
    }

    /// Stops a running download and waits until its task has ended and its record is back here. A second
    /// caller while it winds down (a pause during a preemption, say) waits for the same end.
    private func stop(_ id: Int64) async {
        tasks[id] = nil
        if let task = running.removeValue(forKey: id) {
            winding[id] = task
            task.cancel()
        }
        guard let task = winding[id] else { return }
        await task.value
        winding[id] = nil
    }

    private func store(_ record: DownloadRecord) async {
        records[record.id] = record
        emit(.transfer(Self.snapshot(record)))
        try? await env.store.updateDownload(record)
    }

    static func snapshot(_ record: DownloadRecord) -> TransferSnapshot {
        let done = record.state == .completed ? record.size ?? record.verifiedBytes : record.verifiedBytes
        return TransferSnapshot(id: record.id, direction: .download, key: record.key, name: record.name, size: record.size,
                                bytesDone: done, state: record.state, lastError: record.lastError, path: record.finalPath,
                                priority: record.priority, queueOrder: record.queueOrder)
    }
}
