import CPrefetch

/// A sorted set of 64-bit entries, in runs of at most ``maximumRun``: inserting or removing one moves at
/// most a run's worth of entries, however many there are, and a set of one entry needs no allocation.
///
/// The word index keeps one per word, of ``RankKey`` entries (an item's rank key and slot in one `UInt64`),
/// so a word's items come best rank first; a session keeps its record slots in one, so BROWSE pages them in
/// slot order from a cursor without sorting.
struct SortedRuns: Sendable, Sequence {
    /// Longest run: inserting or removing moves at most this many entries (4 KiB), and finding the place
    /// reads a few cache lines (a word in a tenth of a million items has thousands of runs).
    static let maximumRun = 512

    /// Two or more entries.
    private struct Runs: Sendable {
        /// Sorted, non-empty runs; every entry of a run is smaller than every entry of the next.
        var runs: [[UInt64]]
        /// The last (largest) entry of each run, so that finding a run reads one array, not every run.
        var lasts: [UInt64]
        var count: Int

        /// The run `entry` belongs in: the first whose last entry is not smaller, or the last run.
        func run(holding entry: UInt64) -> Int {
            Swift.min(SortedRuns.insertionIndex(of: entry, in: lasts), runs.count - 1)
        }
    }

    private enum Storage: Sendable {
        case empty
        case one(UInt64)
        case runs(Runs)
    }

    private var storage = Storage.empty

    var count: Int {
        switch storage {
        case .empty: return 0
        case .one: return 1
        case .runs(let runs): return runs.count
        }
    }

    var isEmpty: Bool { count == 0 }

    func makeIterator() -> Iterator { Iterator(self) }

    /// Calls `body` with the entries a run at a time, ascending (a lone entry as a run of one), until it
    /// returns false. A pass over a whole posting this way has none of the iterator's checks per entry,
    /// which were most of the time a search spent setting a broad keyword's bits (BENCHMARKS.md).
    func forEachRun(_ body: (UnsafeBufferPointer<UInt64>) throws -> Bool) rethrows {
        switch storage {
        case .empty:
            return
        case .one(let only):
            _ = try withUnsafePointer(to: only) { try body(UnsafeBufferPointer(start: $0, count: 1)) }
        case .runs(let runs):
            for run in runs.runs {
                guard try run.withUnsafeBufferPointer(body) else { return }
            }
        }
    }

    /// The entries not less than `start`, ascending.
    func entries(from start: UInt64) -> Iterator {
        var iterator = Iterator(self)
        if case .runs(let runs) = storage {
            let run = runs.run(holding: start)
            iterator.skip(toRun: run, index: Self.insertionIndex(of: start, in: runs.runs[run]))
        } else if case .one(let only) = storage, only < start {
            iterator.skip(toRun: 0, index: 0)
        }
        return iterator
    }

    /// Starts bringing in the header of the run `entry` belongs in, and returns that run (nil for a set of
    /// fewer than two entries, which has no runs). Then, once the header has come in,
    /// ``prefetchProbes(inRun:)`` fetches the lines a binary search over it reads first. A word index changing
    /// an item's words takes each step for every word before changing any, so that their cache misses overlap.
    func prefetchRun(of entry: UInt64) -> Int? {
        guard case .runs(let runs) = storage else { return nil }
        let run = runs.run(holding: entry)
        runs.runs.withUnsafeBufferPointer { runs in
            // The run's storage address, read from the array value without retaining it (an array is one
            // reference to its storage). Only prefetched, never dereferenced: were the layout other than
            // this, the prefetch would merely fetch another line.
            shoal_prefetch(UnsafeRawPointer(bitPattern: UnsafeRawPointer(runs.baseAddress! + run).load(as: UInt.self)))
        }
        return run
    }

    /// Starts bringing in the lines that the first three steps of a binary search over run `run` (from
    /// ``prefetchRun(of:)``, the set unchanged since) read.
    func prefetchProbes(inRun run: Int) {
        guard case .runs(let runs) = storage, run < runs.runs.count else { return }
        runs.runs.withUnsafeBufferPointer { runs in
            runs[run].withUnsafeBufferPointer { entries in
                for eighth in 1..<8 { shoal_prefetch(entries.baseAddress! + entries.count * eighth / 8) }
            }
        }
    }

    /// Lists `entry`; listing it again changes nothing.
    mutating func insert(_ entry: UInt64) {
        switch storage {
        case .empty:
            storage = .one(entry)
        case .one(let only):
            guard only != entry else { return }
            storage = .runs(Runs(runs: [only < entry ? [only, entry] : [entry, only]], lasts: [Swift.max(only, entry)], count: 2))
        case .runs(var runs):
            storage = .empty  // the runs are uniquely referenced while they change
            defer { storage = .runs(runs) }
            var run = runs.run(holding: entry)
            var index = Self.insertionIndex(of: entry, in: runs.runs[run])
            if index < runs.runs[run].count, runs.runs[run][index] == entry { return }
            runs.count += 1
            if runs.runs[run].count == Self.maximumRun {
                if run == runs.runs.count - 1, index == Self.maximumRun {
                    // Past the end (new slots, mostly): a new run, leaving the full one full.
                    runs.runs.append([entry])
                    runs.lasts.append(entry)
                    return
                }
                // Two half-full runs, each in an allocation of its own size.
                let half = Self.maximumRun / 2
                let upper = Array(runs.runs[run][half...])
                runs.runs[run] = Array(runs.runs[run][..<half])
                runs.runs.insert(upper, at: run + 1)
                runs.lasts[run] = runs.runs[run][half - 1]
                runs.lasts.insert(upper[upper.count - 1], at: run + 1)
                if index > half { (run, index) = (run + 1, index - half) }
            }
            if runs.runs[run].count == runs.runs[run].capacity {
                // Grow by a quarter, not the standard library's double: runs are most of the index's memory.
                let count = runs.runs[run].count
                runs.runs[run].reserveCapacity(Swift.min(Self.maximumRun, count + Swift.max(4, count / 4)))
            }
            runs.runs[run].insert(entry, at: index)
            runs.lasts[run] = runs.runs[run][runs.runs[run].count - 1]
        }
    }

    /// Stops listing `entry` (if it was).
    mutating func remove(_ entry: UInt64) {
        switch storage {
        case .empty:
            return
        case .one(let only):
            if only == entry { storage = .empty }
        case .runs(var runs):
            storage = .empty
            let run = runs.run(holding: entry)
            let index = Self.insertionIndex(of: entry, in: runs.runs[run])
            guard index < runs.runs[run].count, runs.runs[run][index] == entry else {
                storage = .runs(runs)
                return
            }
            runs.runs[run].remove(at: index)
            runs.count -= 1
            if runs.runs[run].isEmpty {
                runs.runs.remove(at: run)
                runs.lasts.remove(at: run)
            } else {
                runs.lasts[run] = runs.runs[run][runs.runs[run].count - 1]
            }
            storage = runs.count == 1 ? .one(runs.runs[0][0]) : .runs(runs)
        }
    }

    /// Whether `entry` is listed.
    func contains(_ entry: UInt64) -> Bool {
        switch storage {
        case .empty: return false
        case .one(let only): return only == entry
        case .runs(let runs):
            let run = runs.run(holding: entry)
            let index = Self.insertionIndex(of: entry, in: runs.runs[run])
            return index < runs.runs[run].count && runs.runs[run][index] == entry
        }
    }

    /// The first position in `sorted` whose entry is not less than `entry`.
    fileprivate static func insertionIndex(of entry: UInt64, in sorted: [UInt64]) -> Int {
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

        fileprivate init(_ set: SortedRuns) {
            switch set.storage {
            case .empty: single = nil; runs = []; singleDone = true
            case .one(let only): single = only; runs = []
            case .runs(let runs): single = nil; self.runs = runs.runs; singleDone = true
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
