import Wire

/// One source's turn in a download, as a state machine: which chunks to request, when to wait for an answer
/// or a check, how long a busy source is waited for, and when the source is done, dropped or banned.
///
/// Pure: no sockets, no clock, no files. The download's executor performs each ``Action`` and reports what
/// happened (``answered(_:picker:)``, ``checked(_:picker:)``, ``resume(picker:)``); the chunk picker is the
/// download's, shared by all its sources. Requests are pipelined: one at a time until a first chunk from
/// the source is verified (so a busy source gets one request and a lying one sends one bad chunk), then
/// ``pipelineDepth``. Chunks are checked while the next ones arrive, up to ``checkingDepth`` at once.
public struct SourceMachine: Sendable {
    /// GET FILE requests under way at once, once a chunk from the source has been verified.
    public static let pipelineDepth = 4
    /// Chunks of one source being checked and written at once.
    public static let checkingDepth = 2
    /// 503 answers waited out before the source's turn ends.
    public static let maximumBusyWaits = 20

    public enum Action: Hashable, Sendable {
        /// Send GET FILE for this chunk's bytes. Answers come back in request order.
        case request(chunk: Int, range: ByteRange)
        /// Wait for the oldest request's answer; report it with ``answered(_:picker:)``.
        case awaitAnswer
        /// Check the bytes just received against the chunk's digest, and write them if they match.
        case check(chunk: Int)
        /// Wait for the oldest check; report it with ``checked(_:picker:)``.
        case awaitCheck
        /// The chunk is verified and written: it counts for the download.
        case completed(chunk: Int)
        /// The source is busy: wait this long, then call ``resume(picker:)``.
        case wait(seconds: Int)
        /// Drop the checks still under way (their chunks are back in the pool).
        case cancelChecks
        /// The turn is over: nothing is left for this source, or it failed (`problem`, one line). It may be
        /// asked again in a later round.
        case end(problem: String?)
        /// Drop the source for this file for good: it sent bad data (`reason`, one line).
        case ban(reason: String)
        /// The download cannot go on: its chunks cannot be written.
        case failDownload(reason: String)
    }

    /// The source's name in the chunk picker.
    public let source: String
    public let fileSize: UInt64
    /// Requests allowed under way now.
    public private(set) var depth = 1
    /// Chunks requested and not yet answered, oldest first.
    public private(set) var underway: [Int] = []
    /// Chunks received and being checked, oldest first.
    public private(set) var checking: [Int] = []
    public private(set) var busyWaits = 0
    /// Set when no more requests are made: only the checks under way are waited for, then the turn ends.
    private var draining = false
    private var problem: String?

    public init(source: String, fileSize: UInt64) {
        self.source = source
        self.fileSize = fileSize
    }

    /// The first requests.
    public mutating func start(picker: inout ChunkPicker) -> [Action] {
        proceed(&picker)
    }

    /// The oldest request's answer.
    public mutating func answered(_ answer: ChunkAnswer, picker: inout ChunkPicker) -> [Action] {
        guard !underway.isEmpty else { return proceed(&picker) }
        let chunk = underway.removeFirst()
        switch answer {
        case .none(let reason):
            picker.release(chunk, by: source)
            return stop("ended chunk \(chunk): \(reason)", &picker)
        case .malformed:
            picker.release(chunk, by: source)
            return ban("answered chunk \(chunk) with something that is not a chunk (broken, or over \(ChunkList.chunkSize) bytes)", &picker)
        case .status(503, _, let retryAfter) where busyWaits < Self.maximumBusyWaits:
            picker.release(chunk, by: source)
            busyWaits += 1
            return [.wait(seconds: min(max(retryAfter ?? 5, 1), 30))]
        case .status(let code, let phrase, _):
            picker.release(chunk, by: source)
            return stop("answered \(code) \(phrase) for chunk \(chunk)", &picker)
        case .bytes(let contentRange, let received):
            if let wrong = Self.wrongAnswer(contentRange: contentRange, length: received, chunk: chunk, fileSize: fileSize) {
                picker.release(chunk, by: source)
                return ban(wrong, &picker)
            }
            // An endgame copy that another source already delivered is dropped unchecked.
            if picker.isDone(chunk) { return proceed(&picker) }
            checking.append(chunk)
            if checking.count >= Self.checkingDepth || depth < Self.pipelineDepth { return [.check(chunk: chunk), .awaitCheck] }
            return [.check(chunk: chunk)] + proceed(&picker)
        }
    }

    /// The oldest check's outcome.
    public mutating func checked(_ check: ChunkCheck, picker: inout ChunkPicker) -> [Action] {
        guard !checking.isEmpty else { return proceed(&picker) }
        let chunk = checking.removeFirst()
        switch check {
        case .bad:
            picker.release(chunk, by: source)
            return ban("sent a bad chunk \(chunk)", &picker)
        case .unwritable(let reason):
            picker.release(chunk, by: source)
            releaseAll(&picker)
            return [.cancelChecks, .failDownload(reason: reason)]
        case .good:
            picker.markProven(source)
            depth = Self.pipelineDepth
            // Both copies of an endgame chunk may verify: the first counts.
            let fresh = !picker.isDone(chunk)
            if fresh { picker.complete(chunk) }
            return (fresh ? [.completed(chunk: chunk)] : []) + proceed(&picker)
        }
    }

    /// A busy source's wait is over.
    public mutating func resume(picker: inout ChunkPicker) -> [Action] {
        proceed(&picker)
    }

    /// The download stopped (paused, cancelled): every chunk this source held goes back to the pool.
    public mutating func abandon(picker: inout ChunkPicker) {
        releaseAll(&picker)
    }

    /// Why an answer of success is not the chunk asked for, or nil when it is: the range must be the one
    /// asked and the body exactly its length.
    public static func wrongAnswer(contentRange: String?, length: Int, chunk: Int, fileSize: UInt64) -> String? {
        let asked = ChunkList.byteRange(ofChunk: chunk, fileSize: fileSize)
        let (first, last) = (asked.first, asked.last ?? asked.first)
        if let contentRange, !contentRange.hasPrefix("bytes \(first)-\(last)/") {
            return "answered '\(contentRange.prefix(60))' for chunk \(chunk), bytes \(first)-\(last)"
        }
        let expected = Int(last - first + 1)
        if length != expected { return "sent \(length) bytes for chunk \(chunk) of \(expected)" }
        return nil
    }

    // MARK: Steps

    /// What comes next: more requests up to the depth and the oldest answer; or, with nothing left to ask,
    /// the checks under way, then the end of the turn.
    private mutating func proceed(_ picker: inout ChunkPicker) -> [Action] {
        var actions: [Action] = []
        if !draining {
            while underway.count < depth, let chunk = picker.claim(for: source) {
                underway.append(chunk)
                actions.append(.request(chunk: chunk, range: ChunkList.byteRange(ofChunk: chunk, fileSize: fileSize)))
            }
            if !underway.isEmpty { return actions + [.awaitAnswer] }
            draining = true
        }
        return actions + (checking.isEmpty ? [.end(problem: problem)] : [.awaitCheck])
    }

    /// The source failed: nothing more is asked of it; the chunks it sent and that are being checked still count.
    private mutating func stop(_ problem: String, _ picker: inout ChunkPicker) -> [Action] {
        for chunk in underway { picker.release(chunk, by: source) }
        underway = []
        draining = true
        self.problem = problem
        return proceed(&picker)
    }

    private mutating func ban(_ reason: String, _ picker: inout ChunkPicker) -> [Action] {
        releaseAll(&picker)
        return [.cancelChecks, .ban(reason: reason)]
    }

    private mutating func releaseAll(_ picker: inout ChunkPicker) {
        for chunk in underway + checking { picker.release(chunk, by: source) }
        underway = []
        checking = []
        draining = true
    }
}
