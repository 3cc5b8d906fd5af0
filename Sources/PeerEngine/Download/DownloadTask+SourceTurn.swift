import Model
import NIOCore
import Wire

/// The executor of a ``SourceMachine``: one source's turn, over one connection, performing what the
/// machine decides and telling it what happened.
extension DownloadTask {
    /// Fetches chunks from `source` until the machine ends its turn (nothing left to claim, or the source
    /// failed), bans it, or fails the download.
    func work(source: FileSource, hash: ContentHash, size: UInt64, chunks: ChunkList) async throws {
        let connection: ProtocolConnection
        ledger.connecting(source)
        do {
            connection = try await env.connect(to: source, maximumBody: ChunkList.chunkSize + 1024, dataLink: true)
        } catch {
            return unreachable(source, error)
        }
        ledger.connected(source, at: .now())
        defer { ledger.ended(source, problem: nil) }
        defer { Task { await connection.close() } }
        sourceJoined(1)
        defer { sourceJoined(-1) }
        var machine = SourceMachine(source: "\(source.peer)", fileSize: size)
        var requests: [EventLoopFuture<ParsedResponse>] = []
        var received = ByteBuffer()
        var checks: [(chunk: Int, result: Task<ChunkCheck, Never>)] = []
        // Whatever way the turn ends, the chunks the source still held go back to the pool.
        defer {
            for check in checks { check.result.cancel() }
            machine.abandon(picker: &picker)
        }
        var actions = machine.start(picker: &picker)
        while !actions.isEmpty {
            switch actions.removeFirst() {
            case .request(_, let range):
                await env.pace(Int((range.last ?? range.first) - range.first + 1))
                requests.append(connection.start(.getFile(hash, range: .bytes(range)), timeout: env.chunkTimeout))
            case .awaitAnswer:
                try Task.checkCancellation()
                let answer: ChunkAnswer
                do {
                    let response = try await connection.answer(to: requests.removeFirst(), closeOnCancel: true)
                    received = response.body
                    answer = Self.chunkAnswer(response)
                } catch IndexLinkError.malformedAnswer {
                    answer = .malformed
                } catch {
                    try Task.checkCancellation()
                    answer = .none("\(error)")
                }
                actions += machine.answered(answer, picker: &picker)
            case .check(let chunk):
                checks.append((chunk, check(chunk, bytes: received, expected: chunks.digests[chunk])))
            case .awaitCheck:
                // A good chunk counts even when the download is stopping: its bitmap is saved on the way out.
                let outcome = await checks.removeFirst().result.value
                actions += machine.checked(outcome, picker: &picker)
            case .completed(let chunk):
                let length = ChunkList.chunkLength(index: chunk, fileSize: size)
                ledger.verified(length, from: source, at: .now())
                try await chunkDone(chunk, length: length)
            case .wait(let seconds):
                try await env.clock.sleep(for: .seconds(seconds))
                actions += machine.resume(picker: &picker)
            case .cancelChecks:
                for check in checks { check.result.cancel() }
                checks = []
            case .end(let problem):
                if let problem { note(source, problem) }
                return
            case .ban(let reason):
                await ban(source, reason)
                return
            case .failDownload(let reason):
                throw DownloadFailure.disk(reason)
            }
        }
    }

    /// Checks a received chunk against its digest and, if it matches, writes it (on the I/O pool).
    private func check(_ index: Int, bytes: ByteBuffer, expected: ContentHash) -> Task<ChunkCheck, Never> {
        let (env, partial) = (self.env, self.partial)
        let offset = ChunkList.offset(ofChunk: index)
        return Task.detached {
            do {
                return try await env.io {
                    guard ChunkList.digest(of: bytes) == expected else { return ChunkCheck.bad }
                    try partial.write(bytes, at: offset)
                    return .good
                }
            } catch {
                return .unwritable("\(error)")
            }
        }
    }

    static func chunkAnswer(_ response: ParsedResponse) -> ChunkAnswer {
        guard response.status.isSuccess else {
            return .status(code: response.status.code, phrase: response.status.phrase,
                           retryAfter: response.headers["Retry-After"].flatMap { Int($0) })
        }
        return .bytes(contentRange: response.headers["Content-Range"], length: response.body.readableBytes)
    }
}
