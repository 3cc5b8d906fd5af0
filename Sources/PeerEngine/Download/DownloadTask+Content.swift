import Model
import NIOCore
import Wire

/// Content downloads (P2P-CI/2.0): the chunk list of a published root, every chunk verified against it,
/// the whole file against its hash; false roots and false sizes are left behind for the next published one.
extension DownloadTask {
    /// Fetches a content download. A root whose chunks all verify but whose assembled file does not hash to
    /// the file's hash was published falsely (its chunk list and bytes agree with each other, not with the
    /// file): its sources are dropped and the next published root is tried, with a fresh LOOKUP, so one
    /// impostor cannot make a file undownloadable.
    func fetchContent(hash: ContentHash, sources initial: [FileSource]) async throws {
        var sources = initial
        var falseRoots = Set<ContentHash>()
        while true {
            guard let size = record.size else { throw DownloadFailure.noSources }
            triedSizes.insert(size)
            if record.chunks == nil {
                let listed: (ContentHash, ChunkList)
                do {
                    listed = try await fetchChunkList(hash: hash, size: size, sources: sources, excluding: falseRoots)
                } catch DownloadFailure.noChunkList {
                    // No valid list for this size: perhaps the size itself is an impostor's.
                    guard let next = try await tryAnotherSize() else { throw DownloadFailure.noChunkList }
                    sources = next
                    continue
                }
                let (root, chunks) = listed
                record.root = root
                record.chunks = chunks
                record.bitmap = ChunkBitmap(count: chunks.digests.count)
                try await save()
            } else {
                try await reverify(size: size)
            }
            let whole = try await fetchChunks(hash: hash, size: size, sources: sources)
            if whole == hash { return try await finish(expected: hash) }
            // The chunk list agreed with its root but not with the file hash: that root is false.
            let falseRoot = record.root
            if let falseRoot { falseRoots.insert(falseRoot) }
            banned.formUnion(sources.filter { $0.root == falseRoot }.map(\.peer))
            env.logger.warning("root \(falseRoot?.short ?? "-")… of \(record.name) is false (the file did not hash to \(hash.short)…); its sources are dropped")
            partial.remove()
            try await env.io { [partial] in try partial.create() }
            record.chunks = nil
            record.root = nil
            record.bitmap = ChunkBitmap(count: 0)
            try await save()
            sources = (try? await findSources()) ?? sources
            if Set(sources.compactMap(\.root)).subtracting(falseRoots).isEmpty {
                guard let next = try await tryAnotherSize() else { throw DownloadFailure.hashMismatch }
                sources = next
            }
            set(.connecting)
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
        record.root = nil
        record.bitmap = ChunkBitmap(count: 0)
        return try await findSources()
    }

    /// Fetches every missing chunk of the chosen root from its sources, round after round, and returns the
    /// whole file's SHA-256.
    func fetchChunks(hash: ContentHash, size: UInt64, sources initial: [FileSource]) async throws -> ContentHash {
        guard let chunks = record.chunks else { throw DownloadFailure.noChunkList }
        picker = ChunkPicker(done: record.bitmap)
        let digest = DownloadDigest(pool: env.digestPool, partial: partial, fileSize: size)
        self.digest = digest
        bytesDone = record.verifiedBytes
        meter.start(at: .now())
        set(.downloading)
        var sources = initial
        for round in 0..<Self.rounds where !picker.isComplete {
            if round > 0 {
                try await env.clock.sleep(for: .seconds(1 << (round - 1)))
                sources = (try? await findSources()) ?? sources
            }
            let eligible = sources.filter { $0.dialect == .shoal && $0.root == record.root && !banned.contains($0.peer) }
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
        guard picker.isComplete else { throw DownloadFailure.sourcesExhausted(missingChunks: picker.done.missing.count) }
        set(.verifying)
        return try await digest.finish(done: record.bitmap)
    }

    /// Gets a chunk list from a source whose published root it matches, most-published root first.
    /// Roots in `excluding` (found false in this run) are not tried.
    func fetchChunkList(hash: ContentHash, size: UInt64, sources: [FileSource],
                                excluding falseRoots: Set<ContentHash>) async throws -> (ContentHash, ChunkList) {
        let expectedCount = ChunkList.chunkCount(forSize: size)
        var votes: [ContentHash: Int] = [:]
        for source in sources { if let root = source.root, !falseRoots.contains(root) { votes[root, default: 0] += 1 } }
        for root in votes.keys.sorted(by: { votes[$0]! > votes[$1]! }) {
            let candidates = sources.filter { $0.root == root && $0.dialect == .shoal }
            let request = ChunkListRequest(hash: hash, root: root, expectedCount: expectedCount, group: env.group, clock: env.clock)
            if let list = await request.first(of: candidates) { return (root, list) }
        }
        throw DownloadFailure.noChunkList
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
