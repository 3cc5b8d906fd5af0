/// A sorted set of 64-bit entries, in runs of at most ``maximumRun``: inserting or removing one moves at
/// most a run's worth of entries, however many there are, and a set of one entry needs no allocation.
///
/// The word index keeps one per word, of ``RankKey`` entries (an item's rank key and slot in one `UInt64`),
/// so a word's items come best rank first; a session keeps its record slots in one, so BROWSE pages them in
/// slot order from a cursor without sorting.
struct SortedRuns: Sendable, Sequence {
    /// Longest run: inserting or removing moves at most this many entries (8 KiB).
    static let maximumRun = 1024

    private enum Storage: Sendable {
        case empty
        case one(UInt64)
        /// Sorted, non-empty runs; every entry of a run is smaller than every entry of the next.
        case runs([[UInt64]], count: Int)
    }

    private var storage = Storage.empty

    var count: Int {
        switch storage {
        case .empty: return 0
        case .one: return 1
        case .runs(_, let count): return count
        }
    }

    var isEmpty: Bool { count == 0 }

    func makeIterator() -> Iterator { Iterator(self) }

    /// The entries not less than `start`, ascending.
    func entries(from start: UInt64) -> Iterator {
        var iterator = Iterator(self)
        if case .runs(let runs, _) = storage {
            let run = Self.run(holding: start, in: runs)
            iterator.skip(toRun: run, index: Self.insertionIndex(of: start, in: runs[run]))
        } else if case .one(let only) = storage, only < start {
            iterator.skip(toRun: 0, index: 0)
        }
        return iterator
    }

    /// Lists `entry`; listing it again changes nothing.
    mutating func insert(_ entry: UInt64) {
        switch storage {
        case .empty:
            storage = .one(entry)
        case .one(let only):
            guard only != entry else { return }
            storage = .runs([only < entry ? [only, entry] : [entry, only]], count: 2)
        case .runs(var runs, let count):
            storage = .empty  // the runs are uniquely referenced while they change
            let run = Self.run(holding: entry, in: runs)
            let index = Self.insertionIndex(of: entry, in: runs[run])
            if index < runs[run].count, runs[run][index] == entry {
                storage = .runs(runs, count: count)
                return
            }
            runs[run].insert(entry, at: index)
            if runs[run].count > Self.maximumRun {
                let upper = Array(runs[run][(Self.maximumRun / 2)...])
                runs[run].removeSubrange((Self.maximumRun / 2)...)
                runs.insert(upper, at: run + 1)
            }
            storage = .runs(runs, count: count + 1)
        }
    }

    /// Stops listing `entry` (if it was).
    mutating func remove(_ entry: UInt64) {
        switch storage {
        case .empty:
            return
        case .one(let only):
            if only == entry { storage = .empty }
        case .runs(var runs, let count):
            storage = .empty
            let run = Self.run(holding: entry, in: runs)
            let index = Self.insertionIndex(of: entry, in: runs[run])
            guard index < runs[run].count, runs[run][index] == entry else {
                storage = .runs(runs, count: count)
                return
            }
            runs[run].remove(at: index)
            if runs[run].isEmpty { runs.remove(at: run) }
            if count - 1 == 1, let last = runs.first?.first {
                storage = .one(last)
            } else {
                storage = .runs(runs, count: count - 1)
            }
        }
    }

    /// Whether `entry` is listed.
    func contains(_ entry: UInt64) -> Bool {
        switch storage {
        case .empty: return false
        case .one(let only): return only == entry
        case .runs(let runs, _):
            let run = Self.run(holding: entry, in: runs)
            let index = Self.insertionIndex(of: entry, in: runs[run])
            return index < runs[run].count && runs[run][index] == entry
        }
    }

    /// The run `entry` belongs in: the first whose last entry is not smaller, or the last run.
    private static func run(holding entry: UInt64, in runs: [[UInt64]]) -> Int {
        var low = 0, high = runs.count - 1
        while low < high {
            let middle = (low + high) / 2
            if runs[middle][runs[middle].count - 1] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first position in `sorted` whose entry is not less than `entry`.
    private static func insertionIndex(of entry: UInt64, in sorted: [UInt64]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Entries in ascending order.
    struct Iterator: IteratorProtocol {
        private let single: UInt64?
        private let runs: [[UInt64]]
        private var run = 0
        private var index = 0
        private var singleDone = false

        fileprivate init(_ posting: SortedRuns) {
            switch posting.storage {
            case .empty: single = nil; runs = []; singleDone = true
            case .one(let only): single = only; runs = []
            case .runs(let runs, _): single = nil; self.runs = runs; singleDone = true
            }
        }

        /// Starts at position `index` of run `run` (past a lone entry).
        fileprivate mutating func skip(toRun run: Int, index: Int) {
            singleDone = true
            self.run = run
            self.index = index
        }

        mutating func next() -> UInt64? {
            if !singleDone {
                singleDone = true
                return single
            }
            while run < runs.count {
                if index < runs[run].count {
                    defer { index += 1 }
                    return runs[run][index]
                }
                run += 1
                index = 0
            }
            return nil
        }
    }
}
