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
    private let publishInterval: TimeAmount = .milliseconds(250)

    init(env: DownloadEnvironment, maximumActive: Int, emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.env = env
        self.maximumActive = max(1, maximumActive)
        self.emit = emit
    }

    /// Loads saved downloads: unfinished ones are queued again, paused ones stay paused.
    func restore() throws {
        for var record in try env.store.downloads() {
            if [.connecting, .downloading, .verifying].contains(record.state) {
                record.state = .queued
                try env.store.updateDownload(record)
            }
            records[record.id] = record
            emit(.transfer(Self.snapshot(record)))
        }
        schedule()
    }

    func enqueue(key: FileKey, name: String, size: UInt64?, from peer: PeerID?) throws -> Int64 {
        var record = DownloadRecord(key: key, name: name, size: size, fromPeer: peer)
        record.id = try env.store.insertDownload(record)
        records[record.id] = record
        emit(.transfer(Self.snapshot(record)))
        schedule()
        return record.id
    }

    func pause(_ id: Int64) async {
        guard var record = records[id], !record.state.isFinished, record.state != .paused else { return }
        await stop(id)
        record = records[id] ?? record
        record.state = .paused
        store(record)
        schedule()
    }

    func resume(_ id: Int64) {
        guard var record = records[id], record.state == .paused || record.state == .failed else { return }
        record.state = .queued
        record.lastError = nil
        store(record)
        schedule()
    }

    func cancel(_ id: Int64) async {
        guard var record = records[id], !record.state.isFinished else { return }
        await stop(id)
        record = records[id] ?? record
        PartialFile(downloads: env.downloads, id: id).remove()
        record.state = .cancelled
        store(record)
        schedule()
    }

    func clearFinished() {
        for (id, record) in records where record.state.isFinished {
            records[id] = nil
            try? env.store.deleteDownload(id)
            emit(.transferRemoved(id))
        }
    }

    func stopAll() async {
        for id in running.keys { await stop(id) }
    }

    var all: [DownloadRecord] { records.values.sorted { $0.id < $1.id } }

    // MARK: Running

    private func schedule() {
        let waiting = records.values.filter { $0.state == .queued && running[$0.id] == nil }.sorted { $0.id < $1.id }
        for record in waiting.prefix(max(0, maximumActive - running.count)) {
            let task = DownloadTask(record: record, env: env, publishInterval: publishInterval, emit: emit)
            records[record.id]?.state = .connecting
            running[record.id] = Task {
                let ended = await task.run()
                self.finished(ended)
            }
        }
    }

    private func finished(_ record: DownloadRecord) {
        running[record.id] = nil
        guard let current = records[record.id], current.state != .paused, current.state != .cancelled else {
            schedule()
            return
        }
        records[record.id] = record
        emit(.transfer(Self.snapshot(record)))
        schedule()
    }

    private func stop(_ id: Int64) async {
        guard let task = running.removeValue(forKey: id) else { return }
        task.cancel()
        await task.value
    }

    private func store(_ record: DownloadRecord) {
        records[record.id] = record
        try? env.store.updateDownload(record)
        emit(.transfer(Self.snapshot(record)))
    }

    static func snapshot(_ record: DownloadRecord) -> TransferSnapshot {
        var done: UInt64 = 0
        if let size = record.size, let chunks = record.chunks {
            done = (0..<chunks.digests.count).filter { record.bitmap[$0] }
                .reduce(0) { $0 + UInt64(ChunkList.chunkLength(index: $1, fileSize: size)) }
        }
        if record.state == .completed { done = record.size ?? done }
        return TransferSnapshot(id: record.id, direction: .download, key: record.key, name: record.name, size: record.size,
                                bytesDone: done, state: record.state, lastError: record.lastError, path: record.finalPath)
    }
}
