import Foundation
import Model
import NIOCore
import Wire

/// One download from start to verified file. Runs until done, failed, or cancelled (pause and cancel are
/// both a task cancellation; the manager records which).
actor DownloadTask {
    /// A chunk not received within this is fetched from another source (a stalled source). Sources slower
    /// than about 8 KiB/s for a whole chunk are dropped.
    /// Rounds of sources (each after a fresh LOOKUP) before a download gives up.
    static let rounds = 5

    // Not private: DownloadTask+Classic.swift and DownloadTask+Content.swift use these (an actor's state is
    // isolated to it either way).
    var record: DownloadRecord
    let env: DownloadEnvironment
    let partial: PartialFile
    private let emit: @Sendable (EngineEvent) -> Void
    private let publishInterval: TimeAmount
    private var lastPublished: NIODeadline?
    var picker = ChunkPicker(done: ChunkBitmap(count: 0))
    var meter = TransferMeter()
    var activeSources = 0
    /// Why the download failed, once it has.
    var failure: TransferFailure?
    var bytesDone: UInt64 = 0
    /// Why each source's last turn ended without the chunks it claimed, by address: what a failed download
    /// says it ran out of.
    var problems: [String: String] = [:]
    /// When the verified-chunk bitmap was last written to the state database (the first chunk is saved at once).
    private var bitmapSaved = NIODeadline.distantPast
    /// The announced size being tried, when it is not the index's agreed one (that one proved false).
    var pinnedSize: UInt64?
    /// Other sizes holders announced (LOOKUP's `Other-Sizes`), and the sizes tried so far.
    var otherSizes: [UInt64] = []
    var triedSizes = Set<UInt64>()

    init(record: DownloadRecord, env: DownloadEnvironment, publishInterval: TimeAmount,
         emit: @escaping @Sendable (EngineEvent) -> Void) {
        self.record = record
        self.env = env
        self.partial = PartialFile(downloads: env.downloads, instance: env.store.instance, id: record.id)
        self.publishInterval = publishInterval
        self.emit = emit
    }

    /// Runs the download; returns the record as it ended (completed or failed), or as it was when cancelled.
    func run() async -> DownloadRecord {
        do {
            await set(.connecting)
            let sources = try await findSources()
            try await env.io { [partial] in try partial.create() }
            switch record.key {
            case .content(let hash): try await fetchContent(hash: hash, sources: sources)
            case .rfc(let number): try await fetchClassic(number: number, sources: sources)
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

    /// How long a download waits for sources to (re)appear before it fails with "nobody has this file".
    static let sourcePatience: Duration = .seconds(30)

    /// LOOKUP, waiting (with backoff) while the index is unreachable, and for up to ``sourcePatience``
    /// while nobody has the file: a restarted peer, a reconnecting index or a source that is briefly away
    /// does not fail downloads.
    func findSources() async throws -> [FileSource] {
        var delay = Duration.milliseconds(250)
        let giveUp = env.clock.now + Self.sourcePatience
        while true {
            do {
                let (size, sources, others) = try await env.index.lookup(record.key, size: pinnedSize)
                otherSizes = others
                // Until a chunk list is fetched, the size is the index's current one: a size saved from an
                // earlier lookup (perhaps an impostor's) must not outlive the impostor.
                if record.size == nil || record.chunks == nil, let size { record.size = size }
                let usable = sources.filter { record.fromPeer == nil || $0.peer == record.fromPeer }
                guard !usable.isEmpty else {
                    guard env.clock.now < giveUp else { throw DownloadFailure.noSources }
                    record.lastError = "waiting for sources"
                    publish(force: true)
                    try await env.clock.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                    continue
                }
                if record.lastError != nil {
                    record.lastError = nil
                    publish(force: true)
                }
                return usable
            } catch let error as IndexLinkError where error.isTemporary {
                record.lastError = "waiting for the index: \(error)"
                publish(force: true)
                try await env.clock.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }

    /// GET FILE requests under way at once on one source's connection, once a chunk from it has been
    /// verified (it then holds an upload slot and sends good data): the source always has the next request
    /// when it ends an answer.
    static let pipelineDepth = 4
    /// Chunks of one source being verified and written at once (on the I/O pool's threads).
    static let verifyingDepth = 2

    /// A received chunk being verified and written.
    private struct Verifying {
        let index: Int
        let bytes: ByteBuffer
        /// True when the chunk matched its digest and was written.
        let result: Task<Bool, any Error>
    }

    /// One source: fetch chunks until none are left to claim. A bad chunk bans the source for this file;
    /// a busy source (503) is waited for as long as it says; anything else ends this source's turn.
    /// Requests are pipelined: one at a time until a first chunk from the source is verified (so a busy
    /// source gets one request, and a lying one sends one bad chunk), then ``pipelineDepth``. Chunks are
    /// verified and written while the next ones arrive, up to ``verifyingDepth`` at once.
    func work(source: FileSource, hash: ContentHash, size: UInt64, chunks: ChunkList) async throws {
        guard let connection = try? await ProtocolConnection.connect(host: source.host, port: source.port, group: env.group,
                                                                     maximumBody: ChunkList.chunkSize + 1024, dataLink: true)
        else { return note(source, "could not be reached") }
        defer { Task { await connection.close() } }
        sourceJoined(1)
        defer { sourceJoined(-1) }
        let key = "\(source.peer)"
        var busyWaits = 0
        var depth = 1
        var underway: [(index: Int, answer: EventLoopFuture<ParsedResponse>)] = []
        var verifying: [Verifying] = []
        // Whatever way this source's turn ends, the chunks it was still fetching or checking go back to the pool.
        defer {
            for request in underway { picker.release(request.index, by: key) }
            for chunk in verifying {
                chunk.result.cancel()
                picker.release(chunk.index, by: key)
            }
        }
        while true {
            while underway.count < depth, let index = picker.claim(for: key) {
                let length = ChunkList.chunkLength(index: index, fileSize: size)
                let offset = UInt64(index) * UInt64(ChunkList.chunkSize)
                await env.pace(length)
                let range = ByteRange(first: offset, last: offset + UInt64(length) - 1)
                underway.append((index, connection.start(.getFile(hash, range: .bytes(range)), timeout: env.chunkTimeout)))
            }
            guard !underway.isEmpty else { break }
            let (index, request) = underway.removeFirst()
            if Task.isCancelled { picker.release(index, by: key); throw CancellationError() }
            let answer: ParsedResponse
            do { answer = try await connection.answer(to: request, closeOnCancel: true) } catch {
                picker.release(index, by: key)
                if Task.isCancelled { throw CancellationError() }
                note(source, "ended chunk \(index): \(error)")
                break
            }
            let length = ChunkList.chunkLength(index: index, fileSize: size)
            if answer.status == .serviceUnavailable, busyWaits < 20 {
                picker.release(index, by: key)
                busyWaits += 1
                let wait = answer.retryAfter(within: 1...30) ?? 5
                try await env.clock.sleep(for: .seconds(wait))
                continue
            }
            guard answer.status.isSuccess else {
                picker.release(index, by: key)
                note(source, "answered \(answer.status.code) \(answer.status.phrase) for chunk \(index)")
                break
            }
            if let wrong = Self.wrongAnswer(answer, chunk: index, length: length) {
                picker.release(index, by: key)
                await ban(source, wrong)
                return
            }
            // An endgame copy that another source already delivered is dropped.
            if picker.isDone(index) { continue }
            verifying.append(verify(index, bytes: answer.body, expected: chunks.digests[index]))
            if verifying.count >= Self.verifyingDepth || depth < Self.pipelineDepth {
                guard try await checked(verifying.removeFirst(), from: source, key: key) else { return }
                depth = Self.pipelineDepth
            }
        }
        // The source is done or gone: the chunks it did send still count.
        while !verifying.isEmpty {
            guard try await checked(verifying.removeFirst(), from: source, key: key) else { return }
        }
    }

    /// Starts verifying chunk `index` and, if it matches, writing it (on the I/O pool).
    private func verify(_ index: Int, bytes: ByteBuffer, expected: ContentHash) -> Verifying {
        let (env, partial) = (self.env, self.partial)
        let offset = UInt64(index) * UInt64(ChunkList.chunkSize)
        return Verifying(index: index, bytes: bytes, result: Task.detached {
            try await env.io {
                guard ChunkList.digest(of: bytes) == expected else { return false }
                try partial.write(bytes, at: offset)
                return true
            }
        })
    }

    /// Waits for a chunk's check: a good chunk is done; a bad one bans its source (false: stop using it).
    private func checked(_ chunk: Verifying, from source: FileSource, key: String) async throws -> Bool {
        guard try await chunk.result.value else {
            picker.release(chunk.index, by: key)
            await ban(source, "sent a bad chunk \(chunk.index)")
            return false
        }
        picker.markProven(key)
        try await chunkDone(chunk.index, bytes: chunk.bytes)
        return true
    }

    func sourceJoined(_ delta: Int) {
        activeSources += delta
        publish(force: false)
    }

    /// The verified-chunk bitmap is written to the state database at most this often while chunks arrive,
    /// and whenever the download stops. A crash loses at most this long of verified chunks (they are fetched
    /// again); a chunk is never recorded before it is verified and written.
    static let bitmapSaveInterval: TimeAmount = .milliseconds(500)

    /// Chunk `index` is verified and written: it counts, and goes (soon) to the state database.
    private func chunkDone(_ index: Int, bytes: ByteBuffer) async throws {
        guard !picker.isDone(index) else { return }
        picker.complete(index)
        record.bitmap[index] = true
        if NIODeadline.now() - bitmapSaved >= Self.bitmapSaveInterval {
            bitmapSaved = .now()
            let (store, id, bitmap) = (env.store, record.id, record.bitmap)
            try await store.saveBitmap(bitmap, of: id)
        }
        bytesDone += UInt64(bytes.readableBytes)
        meter.record(UInt64(bytes.readableBytes), at: .now())
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
        let (store, bitmap, id) = (env.store, record.bitmap, record.id)
        // From a task of its own: this one is cancelled, and the store does not write for a cancelled task.
        await Task { try? await store.saveBitmap(bitmap, of: id) }.value
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

    /// Publishes a snapshot: at once when `force` (state changes), else at most every `publishInterval`.
    /// Nothing is published once the task is cancelled: the manager owns the row then.
    func publish(force: Bool) {
        guard !Task.isCancelled || record.state.isFinished else { return }
        let now = NIODeadline.now()
        if !force, let last = lastPublished, now - last < publishInterval { return }
        lastPublished = now
        emit(.transfer(snapshot))
    }

    var snapshot: TransferSnapshot {
        TransferSnapshot(id: record.id, direction: .download, key: record.key, name: record.name, size: record.size,
                         bytesDone: bytesDone, bytesPerSecond: meter.bytesPerSecond(at: .now()), activeSources: activeSources,
                         state: record.state, lastError: record.lastError,
                         failure: record.state == .failed ? failure ?? .sourcesFailed : nil, path: record.finalPath)
    }
}
