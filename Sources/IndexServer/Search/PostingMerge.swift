import HeapModule

/// The entries of several postings as one sequence, best rank first: a search walks every word a keyword
/// prefixes this way, and stops as soon as nothing further can make the answer.
struct PostingMerge: IteratorProtocol {
    private struct Head: Comparable {
        let entry: UInt64
        let source: Int
        static func < (a: Head, b: Head) -> Bool { a.entry < b.entry }
    }

    private var iterators: [SortedRuns.Iterator]
    private var heads = Heap<Head>()

    init(_ postings: [SortedRuns]) {
        iterators = postings.map { $0.makeIterator() }
        var first: [Head] = []
        for index in iterators.indices {
            if let entry = iterators[index].next() { first.append(Head(entry: entry, source: index)) }
        }
        heads = Heap(first)
    }

    mutating func next() -> UInt64? {
        guard let head = heads.min else { return nil }
        if let entry = iterators[head.source].next() {
            heads.replaceMin(with: Head(entry: entry, source: head.source))
        } else {
            _ = heads.popMin()
        }
        return head.entry
    }
}
