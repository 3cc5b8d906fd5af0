import Model
import NIOCore
import Wire

/// Content downloads (P2P-CI/2.1), the executor of a ``TransferMachine``: the chunk list whose root is the
/// file's id, then rounds of sources, each chunk verified against the list as it arrives. Nothing is hashed
/// twice and no pass over the finished file is needed: the chunks that verify are the file's bytes.
extension DownloadTask {
    func fetchContent(hash: ContentHash) async throws {
        var machine = TransferMachine(size: record.size, hasChunkList: record.chunks != nil)
        var downloading = false
        var actions = machine.start()
        while !actions.isEmpty {
            switch actions.removeFirst() {
            case .lookUp:
                do {
                    let (size, found, others) = try await env.index.lookup(record.key, size: machine.pinnedSize)
                    actions += machine.lookedUp(size: size, sources: usable(found), otherSizes: others, now: env.clock.now)
                    if record.chunks == nil { record.size = machine.size }
                } catch let error as IndexLinkError where error.isTemporary {
                    actions += machine.indexUnavailable("\(error)", now: env.clock.now)
                }
            case .wait(let duration):
                try await env.clock.sleep(for: duration)
                actions += machine.waited(now: env.clock.now)
            case .show(let line):
                show(line)
            case .fetchChunkList(let size):
                let list = await fetchChunkList(hash: hash, size: size, sources: machine.sources)
                if let list {
                    record.chunks = list
                    record.bitmap = ChunkBitmap(count: list.digests.count)
                    try await save()
                }
                actions += machine.chunkList(found: list != nil, problems: problemSummary)
            case .reverify(let size):
                try await reverify(size: size)
                actions += machine.reverified()
            case .trySize(let size, let keepingList):
                env.logger.warning("\(record.name) did not come at \(record.size ?? 0) bytes; trying the \(size) bytes other holders announce")
                record.size = size
                if !keepingList {
                    record.chunks = nil
                    record.bitmap = ChunkBitmap(count: 0)
                }
                downloading = false  // the next round starts from the saved bitmap, checked again at this size
                try await save()
            case .runRound(let sources):
                guard let size = record.size, let chunks = record.chunks else { throw DownloadFailure.noChunkList(problems: problemSummary) }
                if !downloading {
                    downloading = true
                    picker = ChunkPicker(done: record.bitmap)
                    bytesDone = record.verifiedBytes
                    meter.start(at: .now())
                    await set(.downloading)
                }
                try await runRound(eligible(sources), hash: hash, size: size, chunks: chunks)
                actions += machine.roundEnded(complete: picker.isComplete, missingChunks: picker.done.missing.count,
                                              problems: problemSummary)
            case .finish:
                try await finish(id: hash)
            case .fail(let failure):
                throw failure
            }
        }
    }

    /// Every source's turn at once, until each has ended or every chunk is verified.
    private func runRound(_ sources: [FileSource], hash: ContentHash, size: UInt64, chunks: ChunkList) async throws {
        guard !picker.isComplete else { return }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in sources { group.addTask { try await self.work(source: source, hash: hash, size: size, chunks: chunks) } }
            // Once every chunk is verified the download is done: a source still stalled on an endgame copy is
            // not waited for (its chunk timeout could be minutes).
            while try await group.next() != nil {
                if picker.isComplete {
                    group.cancelAll()
                    break
                }
            }
        }
        try Task.checkCancellation()
    }

    /// The chunk list from the first source that sends one hashing to the file's id with a chunk for every
    /// MiB of `size`; nil when none does. A source whose list does not hash to the id is dropped.
    func fetchChunkList(hash: ContentHash, size: UInt64, sources: [FileSource]) async -> ChunkList? {
        let candidates = eligible(sources)
        let env = self.env
        let request = ChunkListRequest(hash: hash, expectedCount: ChunkList.chunkCount(forSize: size),
                                       connect: { try await env.connect(to: $0, maximumBody: 64 << 20, dataLink: false) },
                                       clock: env.clock)
        let outcome = await request.first(of: candidates)
        for liar in outcome.liars { await ban(liar, "sent a chunk list that is not \(hash.short)…'s") }
        if outcome.list == nil {
            for (source, error) in outcome.unreachable { unreachable(source, error) }
        }
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
                return partial.digest(offset: ChunkList.offset(ofChunk: index), length: length) != chunks.digests[index]
            }
        }
        for index in bad { record.bitmap[index] = false }
        if !bad.isEmpty { try await save() }
    }
}
