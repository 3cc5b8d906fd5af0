import CPrefetch

/// An array kept in chunks of ``chunkSize`` elements: appending never moves the elements already there.
///
/// The registry keeps its items here. In one contiguous array, the append that fills its capacity copies
/// every item into a buffer twice the size: 30 ms at half a million items, 60 ms at a million, all of it
/// under the registry's write lock, so every search and lookup waited that long (BENCHMARKS.md). Here an
/// append past the last chunk only starts a new one. Reading an element costs one more load (the chunk's
/// buffer, from a short list that stays in cache).
struct ChunkedArray<Element: Sendable>: Sendable, RandomAccessCollection, MutableCollection {
    /// Elements per chunk: a power of two, so an index splits into chunk and offset by shifting and masking.
    static var chunkSize: Int { 1 << chunkShift }
    private static var chunkShift: Int { 14 }

    /// Full chunks, then the last one (not full). Each chunk's capacity is reserved whole when it starts.
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> Element {
        @inline(__always) get {
            precondition(position >= 0 && position < count, "ChunkedArray index out of range")
            return chunks.withUnsafeBufferPointer { chunks in
                chunks[position >> Self.chunkShift].withUnsafeBufferPointer { $0[position & (Self.chunkSize - 1)] }
            }
        }
        @inline(__always) set {
            precondition(position >= 0 && position < count, "ChunkedArray index out of range")
            chunks[position >> Self.chunkShift][position & (Self.chunkSize - 1)] = newValue
        }
    }

    /// Adds `element` at the end; starts a new chunk when the last one is full.
    mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Starts bringing in the elements at the slots of posting entries `entries` (those in range), all at
    /// once, ahead of their use: a search walk reads them at random slots, and read one after another their
    /// cache misses add up (see ``SearchRun``).
    func prefetchElements(atSlotsOf entries: ArraySlice<UInt64>) {
        chunks.withUnsafeBufferPointer { chunks in
            for entry in entries {
                let index = Int(RankKey.slot(of: entry))
                guard index < count else { continue }
                chunks[index >> Self.chunkShift].withUnsafeBufferPointer { chunk in
                    shoal_prefetch(chunk.baseAddress! + (index & (Self.chunkSize - 1)))
                }
            }
        }
    }
}
