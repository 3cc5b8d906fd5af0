/// Decides which chunk each source fetches next. Pure: no I/O, no clock.
///
/// A chunk is *missing* until it is verified and written. A missing chunk is handed to one source at a
/// time, lowest index first, so that the file fills from the front (ncdc and most clients do the same for
/// files of one source; with many sources, it keeps the partial file dense). When a source fails or lies,
/// its chunk goes back to the pool.
///
/// **Endgame** (as BitTorrent clients do it): once every missing chunk is being fetched, a source that
/// would otherwise sit idle is handed a chunk another source is still fetching, up to ``endgameCopies``
/// sources per chunk. The first verified copy completes it; the later one is dropped. A stalled or slow
/// source then holds up the end of a download only until a faster one has fetched its chunk again.
/// Copies held by sources that have not yet delivered a verified chunk do not count against a source that
/// has (``markProven(_:)``): two stallers cannot take both copies of the last chunk from an honest source.
public struct ChunkPicker: Sendable {
    /// At most this many sources fetch the same chunk at once (only in the endgame).
    public static let endgameCopies = 2

    public private(set) var done: ChunkBitmap
    private var claimed: [Int: [String]] = [:]
    private var nextCandidate = 0
    /// Sources that have delivered at least one verified chunk.
    private var proven = Set<String>()

    public init(done: ChunkBitmap) {
        self.done = done
    }

    public var isComplete: Bool { done.isComplete }
    /// Chunks being fetched by at least one source.
    public var inFlight: Int { claimed.count }

    /// Whether chunk `index` is asked of some source and not verified yet.
    public func isClaimed(_ index: Int) -> Bool { claimed[index] != nil }

    /// The next chunk for `source`: the lowest missing chunk nobody fetches; else, in the endgame, the lowest
    /// one fetched by fewer than ``endgameCopies`` others; nil when there is nothing left for this source.
    public mutating func claim(for source: String) -> Int? {
        if let index = firstUnclaimed() {
            claimed[index] = [source]
            nextCandidate = index + 1
            return index
        }
        let claimerIsProven = proven.contains(source)
        let endgame = claimed.keys.sorted().first { index in
            let holders = claimed[index] ?? []
            let counted = claimerIsProven ? holders.filter(proven.contains) : holders
            return counted.count < Self.endgameCopies && !holders.contains(source)
        }
        guard let index = endgame else { return nil }
        claimed[index, default: []].append(source)
        return index
    }

    private func firstUnclaimed() -> Int? {
        var index = nextCandidate
        while index < done.count {
            if !done[index], claimed[index] == nil { return index }
            index += 1
        }
        // Wrap around once: chunks released by failed sources sit below nextCandidate.
        return (0..<min(nextCandidate, done.count)).first { !done[$0] && claimed[$0] == nil }
    }

    /// `source` delivered a verified chunk: from now on, unproven sources' copies never keep it from a chunk.
    public mutating func markProven(_ source: String) {
        proven.insert(source)
    }

    /// Whether chunk `index` is verified and written (a source fetching an endgame copy drops its own).
    public func isDone(_ index: Int) -> Bool { done[index] }

    /// The chunk was verified and written. Other sources still fetching it will find it done.
    public mutating func complete(_ index: Int) {
        claimed[index] = nil
        done[index] = true
    }

    /// `source` could not fetch the chunk (or it failed verification): another source may take it.
    public mutating func release(_ index: Int, by source: String) {
        guard var holders = claimed[index] else { return }
        holders.removeAll { $0 == source }
        claimed[index] = holders.isEmpty ? nil : holders
        if holders.isEmpty, !done[index] { nextCandidate = min(nextCandidate, index) }
    }
}
