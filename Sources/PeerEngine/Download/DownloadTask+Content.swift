import Model
import NIOCore
import Wire

/// Content downloads (P2P-CI/2.1): the chunk list whose root is the file's id, then every chunk verified
/// against it as it arrives. Nothing is hashed twice and no pass over the finished file is needed: the
/// chunks that verify are the file's bytes.
extension DownloadTask {
    /// Fetches a content download. When no source of the agreed size sends a chunk list that hashes to the
    /// id, the size itself may be an impostor's: the other announced sizes are tried in turn.
    func fetchContent(hash: ContentHash, sources initial: [FileSource]) async throws {
        var sources = initial
        while true {
            guard let size = record.size else { throw DownloadFailure.noSources }
            triedSizes.insert(size)
            if record.chunks == nil {
                guard let chunks = try await fetchChunkList(hash: hash, size: size, sources: sources) else {
                    guard let next = try await tryAnotherSize() else { throw DownloadFailure.noChunkList }
                    sources = next
                    continue
                }
                record.chunks = chunks
                record.bitmap = ChunkBitmap(count: chunks.digests.count)
                try await save()
            } else {
                try await reverify(size: size)
            }
            try await fetchChunks(hash: hash, size: size, sources: sources)
            return try await finish(id: hash)
        }
    }

    /// Moves on to the next size other holders announced and not yet tried: its sources, or nil when none
    /// is left.
    func tryAnotherSize() async throws -> [FileSource]? {
        guard let next = otherSizes.first(where: { !triedSizes.contains($0) }) else { return nil }
        env.logger.warning("no valid chunk list for \(record.name) at \(record.size ?? 0) bytes; trying the \(next) bytes other holders announce")
        pinnedSize = next
        record.size = next
        record.chunks = nil
        record.bitmap = ChunkBitmap(count: 0)
        return try await findSources()
    }

    /// Fetches every missing chunk from the file's sources, round after round.
    func fetchChunks(hash: ContentHash, size: UInt64, sources initial: [FileSource]) async throws {
        guard let chunks = record.chunks else { throw DownloadFailure.noChunkList }
        picker = ChunkPicker(done: record.bitmap)
        bytesDone = record.verifiedBytes
        meter.start(at: .now())
        await set(.downloading)
        var sources = initial
        for round in 0..<Self.rounds where !picker.isComplete {
            if round > 0 {
                try await env.clock.sleep(for: .seconds(1 << (round - 1)))
                sources = (try? await findSources()) ?? sources
            }
            let eligible = sources.filter { $0.dialect == .shoal && !isBanned($0) }
            if eligible.isEmpty { continue }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for source in eligible { group.addTask { try await self.work(source: source, hash: hash, size: size, chunks: chunks) } }
                // Once every chunk is verified the download is done: a source still stalled on an endgame
                // copy is not waited for (its chunk timeout could be minutes).
                while try await group.next() != nil {
                    if picker.isComplete {
                        group.cancelAll()
                        break
                    }
                }
            }
        }
        try Task.checkCancellation()
        guard picker.isComplete else {
            throw DownloadFailure.sourcesExhausted(missingChunks: picker.done.missing.count, problems: problemSummary)
        }
    }

    /// The chunk list from the first source that sends one hashing to the file's id with a chunk for every
    /// MiB of `size`; nil when none does. A source whose list does not hash to the id is dropped.
    func fetchChunkList(hash: ContentHash, size: UInt64, sources: [FileSource]) async throws -> ChunkList? {
        let candidates = sources.filter { $0.dialect == .shoal && !isBanned($0) }
        let request = ChunkListRequest(hash: hash, expectedCount: ChunkList.chunkCount(forSize: size), group: env.group,
                                       clock: env.clock)
        let outcome = await request.first(of: candidates)
        for liar in outcome.liars { await ban(liar, "sent a chunk list that is not \(hash.short)…'s") }
        return outcome.list
    }

    /// After a restart: chunks marked done are hashed again, in case the partial file lost them.
    func reverify(size: UInt64) async throws {
        guard let chunks = record.chunks else { return }
        let marked = (0..<chunks.digests.count).filter { record.bitmap[$0] }
        let partial = self.partial
        let bad = try await env.io {
            marked.filter { index in
                let length = ChunkList.chunkLength(index: index, fileSize: size)
                return partial.digest(offset: UInt64(index) * UInt64(ChunkList.chunkSize), length: length) != chunks.digests[index]
            }
        }
        for index in bad { record.bitmap[index] = false }
        if !bad.isEmpty { try await save() }
    }
}
