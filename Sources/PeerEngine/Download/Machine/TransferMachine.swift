import Model
import Wire

/// A content download from its first LOOKUP to its last chunk, as a state machine: finding sources (waiting
/// while the index is away or nobody has the file), the chunk list (and the other announced sizes when no
/// list fits the agreed one), and rounds of sources with back-offs, until the file is complete or every
/// round has failed.
///
/// Pure: no sockets, no clock, no files. The download's executor performs each ``Action`` and reports what
/// happened, with the engine clock's time where patience counts. Each source's turn within a round is a
/// ``SourceMachine``.
public struct TransferMachine: Sendable {
    /// Rounds of sources (each after a fresh LOOKUP) before a download gives up.
    public static let rounds = 5

    public enum Action: Hashable, Sendable {
        /// LOOKUP the file (at the size being tried); report ``lookedUp(size:sources:otherSizes:now:)`` or
        /// ``indexUnavailable(_:now:)``.
        case lookUp
        /// Wait, then report ``waited(now:)``.
        case wait(Duration)
        /// What the download shows as its state line meanwhile (nil clears it).
        case show(String?)
        /// Fetch the chunk list for this size; report ``chunkList(found:)``.
        case fetchChunkList(size: UInt64)
        /// Resumed with a saved chunk list: check the chunks marked done again; report ``reverified()``.
        case reverify(size: UInt64)
        /// The size tried proved false: try this one. The chunk list is kept when it has the same number of
        /// chunks (it is verified against the id, whatever the size), else forgotten.
        case trySize(UInt64, keepingList: Bool)
        /// Give these sources their turns at once; report ``roundEnded(complete:missingChunks:problems:)``.
        case runRound([FileSource])
        /// Every chunk is verified and written: publish the file.
        case finish
        case fail(DownloadFailure)
    }

    /// Why sources are being looked up.
    private enum Purpose: Hashable, Sendable {
        case first, anotherSize, nextRound
    }

    private enum Phase: Hashable, Sendable {
        case lookingUp(Purpose)
        case fetchingList
        /// Sources' turns under way, or the wait before the next round.
        case running
        case over
    }

    private var phase = Phase.lookingUp(.first)
    /// Rounds of sources begun, less one (0 during the first).
    public private(set) var round = 0
    /// The size being tried: the index's agreed one, or one of `otherSizes` once that proved false.
    public private(set) var size: UInt64?
    /// The size LOOKUP asks for the holders of: nil (the index's agreed size) until a chunk list is known
    /// or another size is tried; then that size, so the holders asked are those of the size being fetched.
    public private(set) var pinnedSize: UInt64?
    private var hasChunkList: Bool
    private var otherSizes: [UInt64] = []
    private var triedSizes = Set<UInt64>()
    /// The sources of the last LOOKUP that found any.
    public private(set) var sources: [FileSource] = []
    private var patience = LookupPatience()

    /// - Parameters:
    ///   - size: the size saved with the download, if any.
    ///   - hasChunkList: a chunk list is saved with the download (it resumes).
    public init(size: UInt64?, hasChunkList: Bool) {
        self.size = size
        self.hasChunkList = hasChunkList
        if hasChunkList { pinnedSize = size }
    }

    public func start() -> [Action] { [.lookUp] }

    /// A LOOKUP's answer: the agreed size, the usable sources (for this download), other announced sizes.
    public mutating func lookedUp(size agreed: UInt64?, sources found: [FileSource], otherSizes others: [UInt64],
                                  now: Duration) -> [Action] {
        guard case .lookingUp(let purpose) = phase else { return [] }
        otherSizes = others
        // Until a chunk list is fetched, the size is the index's current one: a size saved from an earlier
        // lookup (perhaps an impostor's) must not outlive the impostor.
        if !hasChunkList || size == nil, let agreed { size = agreed }
        guard !found.isEmpty else {
            guard let wait = patience.nobodyHasIt(now: now) else {
                if case .nextRound = purpose { return startRound() }  // keep the sources the round had
                phase = .over
                return [.fail(.noSources)]
            }
            return [.show(LookupPatience.waitingForSources), .wait(wait)]
        }
        sources = found
        patience.reset()
        let cleared: [Action] = [.show(nil)]
        switch purpose {
        case .nextRound:
            return cleared + startRound()
        case .first, .anotherSize:
            guard let size else {
                phase = .over
                return [.fail(.noSources)]
            }
            triedSizes.insert(size)
            if hasChunkList { return cleared + [.reverify(size: size)] }
            phase = .fetchingList
            return cleared + [.fetchChunkList(size: size)]
        }
    }

    /// The index could not be asked (it is away, or reconnecting): ask again after a back-off, as long as
    /// it takes.
    public mutating func indexUnavailable(_ reason: String, now: Duration) -> [Action] {
        guard case .lookingUp = phase else { return [] }
        return [.show(LookupPatience.waitingForIndex(reason)), .wait(patience.indexAway())]
    }

    /// A wait is over.
    public mutating func waited(now: Duration) -> [Action] {
        switch phase {
        case .lookingUp: return [.lookUp]
        case .running:
            phase = .lookingUp(.nextRound)
            return [.lookUp]
        default: return []
        }
    }

    /// The chunk list was fetched (or no source sent one that fits the id and the size tried; `problems`
    /// says why, for the failure when no size is left to try).
    public mutating func chunkList(found: Bool, problems: String = "") -> [Action] {
        guard case .fetchingList = phase else { return [] }
        if found {
            hasChunkList = true
            pinnedSize = size
            return startRound()
        }
        // No valid list at this size: perhaps the size itself is an impostor's.
        if let another = tryAnotherSize() { return another }
        phase = .over
        return [.fail(.noChunkList(problems: problems))]
    }

    /// The chunks marked done after a restart were checked again.
    public mutating func reverified() -> [Action] {
        startRound()
    }

    /// Every source of the round has ended its turn (or the file is complete).
    public mutating func roundEnded(complete: Bool, missingChunks: Int, problems: String) -> [Action] {
        guard case .running = phase else { return [] }
        if complete {
            phase = .over
            return [.finish]
        }
        // Every source of this size failed: an impostor may have won the index's agreed size with the true
        // chunk list (anyone can fetch it) and a size just off the true one. The other sizes come first.
        if let another = tryAnotherSize() { return another }
        guard round + 1 < Self.rounds else {
            phase = .over
            return [.fail(.sourcesExhausted(missingChunks: missingChunks, problems: problems))]
        }
        round += 1
        return [.wait(.seconds(1 << (round - 1)))]
    }

    // MARK: Steps

    /// The next announced size not tried yet, looked up; nil when none is left.
    private mutating func tryAnotherSize() -> [Action]? {
        guard let next = otherSizes.first(where: { !triedSizes.contains($0) }) else { return nil }
        let keepingList = hasChunkList && size.map { ChunkList.chunkCount(forSize: $0) } == ChunkList.chunkCount(forSize: next)
        hasChunkList = keepingList
        size = next
        pinnedSize = next
        phase = .lookingUp(.anotherSize)
        return [.trySize(next, keepingList: keepingList), .lookUp]
    }

    private mutating func startRound() -> [Action] {
        phase = .running
        patience.reset()
        return [.runRound(sources)]
    }
}
