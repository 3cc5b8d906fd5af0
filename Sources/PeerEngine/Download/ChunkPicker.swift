/// Decides which chunk each source fetches next. Pure: no I/O, no clock.
///
/// A chunk is *missing* until it is verified and written. A missing chunk is handed to at most one source
/// at a time, lowest index first, so that the file fills from the front (ncdc and most clients do the
/// same for files of one source; with many sources, it keeps the partial file dense). When a source fails
/// or lies, its chunk goes back to the pool.
public struct ChunkPicker: Sendable {
    public private(set) var done: ChunkBitmap
    private var claimed: [Int: String] = [:]
    private var nextCandidate = 0

    public init(done: ChunkBitmap) {
        self.done = done
    }

    public var isComplete: Bool { done.isComplete }
    public var inFlight: Int { claimed.count }

    /// The next chunk for `source`, or nil when every missing chunk is already being fetched.
    public mutating func claim(for source: String) -> Int? {
        var index = nextCandidate
        while index < done.count {
            if !done[index], claimed[index] == nil {
                claimed[index] = source
                nextCandidate = index + 1
                return index
            }
            index += 1
        }
        // Wrap around once: chunks released by failed sources sit below nextCandidate.
        for index in 0..<min(nextCandidate, done.count) where !done[index] && claimed[index] == nil {
            claimed[index] = source
            return index
        }
        return nil
    }

    /// The chunk was verified and written.
    public mutating func complete(_ index: Int) {
        claimed[index] = nil
        done[index] = true
    }

    /// The chunk could not be fetched (or failed verification): another source may take it.
    public mutating func release(_ index: Int) {
        claimed[index] = nil
        nextCandidate = min(nextCandidate, index)
    }
}
