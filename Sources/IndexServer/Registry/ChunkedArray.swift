import CPrefetch

/// An array kept in chunks of ``chunkSize`` elements: appending never moves the elements already there.
///
/// The registry keeps its items here, and its word index each slot's word list and rank key. In one
/// contiguous array, the append that fills its capacity copies every element into a buffer twice the size:
/// 30 ms for half a million items, all of it under the registry's write lock, so every search and lookup
/// waited that long (BENCHMARKS.md). Here an append past the last chunk only starts a new one. Reading an
/// element costs one more load (the chunk's buffer, from a short list that stays in cache).
///
/// `count` is kept, though the chunks could give it: the getter checks every position against it, and
/// reading it from the last chunk would cost a load more on the search's hottest path.
struct ChunkedArray<Element: Sendable>: Sendable, RandomAccessCollection, MutableCollection {
    /// Elements per chunk: a power of two, so an index splits into chunk and offset by shifting and masking.
    static var chunkSize: Int { 1 << chunkShift }
    private static var chunkShift: Int { 14 }

    /// Full chunks, then the last one (not full). Each chunk's capacity is reserved whole when it starts.
    private var chunks: [[Element]] = []
    private(set) var count = 0
    /// Bytes before an array's first element in its storage object (object header, count and capacity) on
    /// 64-bit platforms, for ``prefetchElement(at:)``.
    private static var storageHeader: Int { 32 }

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// The element at `position`. A change through it (`array[i]!.holders.append(x)`) reads the element out
    /// and writes it back, copying what it holds by reference: take the element out first, as the
    /// registry's `changeContent` does.
    subscript(position: Int) -> Element {
        @inline(__always) get {
            precondition(position >= 0 && position < count, "ChunkedArray index out of range")
            return chunks.withUnsafeBufferPointer { chunks in
                // Through the pointer's subscript, which lends the chunk where it lies; the buffer's returns a
                // copy, which retained and released the chunk on every read: every search and lookup on both
                // event loops counted up and down the same few chunks' references (BENCHMARKS.md).
                chunks.baseAddress![position >> Self.chunkShift].withUnsafeBufferPointer { $0[position & (Self.chunkSize - 1)] }
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

    /// Adds `count` copies of `element` at the end.
    mutating func append(repeating element: Element, count: Int) {
        for _ in 0..<count { append(element) }
    }

    /// Adds `elements` at the end, all in one chunk (so that ``slice(_:)`` can read them back): when they do
    /// not fit in what is left of the last chunk, that rest is filled with `filler` first. Returns where they
    /// start. At most ``chunkSize`` elements.
    mutating func appendTogether(_ elements: some Collection<Element>, filler: Element) -> Int {
        precondition(elements.count <= Self.chunkSize, "more elements than a chunk holds")
        let room = (Self.chunkSize - (count & (Self.chunkSize - 1))) & (Self.chunkSize - 1)
        if elements.count > room, room > 0 { append(repeating: filler, count: room) }
        let start = count
        for element in elements { append(element) }
        return start
    }

    /// The elements in `range`, which lies in one chunk (as ``appendTogether(_:filler:)`` places them).
    @inline(__always)
    func slice(_ range: Range<Int>) -> ArraySlice<Element> {
        guard !range.isEmpty else { return [] }
        precondition(range.lowerBound >= 0 && range.upperBound <= count
                     && range.lowerBound >> Self.chunkShift == (range.upperBound - 1) >> Self.chunkShift,
                     "ChunkedArray slice out of range or across chunks")
        let offset = range.lowerBound & (Self.chunkSize - 1)
        return chunks[range.lowerBound >> Self.chunkShift][offset..<(offset + range.count)]
    }

    /// Writes `elements` over those from `start` on.
    mutating func replace(from start: Int, with elements: some Collection<Element>) {
        for (position, element) in zip(start..., elements) { self[position] = element }
    }

    /// Calls `body` with the address of the element at `position` where it lies, nothing copied or retained:
    /// for reading a few of its bytes ahead of its use (``prefetchForRanking(atSlotsOf:)``).
    @inline(__always)
    func withElementAddress<Result>(at position: Int, _ body: (UnsafeRawPointer) -> Result) -> Result {
        precondition(position >= 0 && position < count, "ChunkedArray index out of range")
        return chunks.withUnsafeBufferPointer { chunks in
            chunks.baseAddress![position >> Self.chunkShift].withUnsafeBufferPointer {
                body(UnsafeRawPointer($0.baseAddress! + (position & (Self.chunkSize - 1))))
            }
        }
    }

    /// Starts bringing in the element at `position`, if there is one.
    @inline(__always)
    func prefetchElement(at position: Int) {
        guard position >= 0, position < count else { return }
        chunks.withUnsafeBufferPointer { chunks in
            // The chunk's storage address, read from the array value without retaining it (an array is one
            // reference to its storage, whose elements follow a header of ``storageHeader`` bytes): asking the
            // chunk for its buffer retained and released it for every element prefetched. Only prefetched,
            // never dereferenced: were the layout other than this, the prefetch would merely fetch another line.
            let storage = UnsafeRawPointer(chunks.baseAddress! + (position >> Self.chunkShift)).load(as: UInt.self)
            let offset = Self.storageHeader + (position & (Self.chunkSize - 1)) * MemoryLayout<Element>.stride
            shoal_prefetch(UnsafeRawPointer(bitPattern: storage &+ UInt(offset)))
        }
    }

    /// Starts bringing in the elements at the slots of posting entries `entries` (those in range), all at
    /// once, ahead of their use: a search walk reads them at random slots, and read one after another their
    /// cache misses add up (see ``SearchRun``).
    func prefetchElements(atSlotsOf entries: ArraySlice<UInt64>) {
        for entry in entries { prefetchElement(at: Int(RankKey.slot(of: entry))) }
    }
}
