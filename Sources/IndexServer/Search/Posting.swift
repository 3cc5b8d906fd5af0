/// The slots that contain one word, in ascending order: 4 bytes a slot, in sorted runs of at most
/// ``maximumRun`` slots.
///
/// New items mostly take new, larger slots, so inserting is usually an append to the last run. Inserting
/// a reused slot or removing one moves at most a run's worth of slots, however common the word (a file
/// extension can be in a tenth of all items). Membership is a binary search over the runs' last slots,
/// then within one run.
struct Posting: Sendable, Sequence {
    /// Longest run: inserting or removing moves at most this many slots (4 KiB).
    static let maximumRun = 1024
    /// Sorted, non-empty runs; every slot of a run is smaller than every slot of the next.
    private var runs: [[Int32]] = []
    /// The last (largest) slot of each run.
    private var lasts: [Int32] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    func makeIterator() -> FlattenSequence<[[Int32]]>.Iterator { runs.joined().makeIterator() }

    /// Whether `slot` is listed.
    func contains(_ slot: Int32) -> Bool {
        let run = Self.insertionIndex(of: slot, in: lasts)
        guard run < runs.count else { return false }
        let index = Self.insertionIndex(of: slot, in: runs[run])
        return runs[run][index] == slot  // lasts[run] >= slot, so index is inside the run
    }

    /// Lists `slot`; listing it again changes nothing.
    mutating func insert(_ slot: Int32) {
        guard let last = lasts.last, slot <= last else {
            if runs.isEmpty || runs[runs.count - 1].count >= Self.maximumRun {
                runs.append([slot])
                lasts.append(slot)
            } else {
                runs[runs.count - 1].append(slot)
                lasts[lasts.count - 1] = slot
            }
            count += 1
            return
        }
        let run = Self.insertionIndex(of: slot, in: lasts)
        let index = Self.insertionIndex(of: slot, in: runs[run])
        guard runs[run][index] != slot else { return }
        runs[run].insert(slot, at: index)
        count += 1
        if runs[run].count > Self.maximumRun { split(run) }
    }

    /// Stops listing `slot` (if it was).
    mutating func remove(_ slot: Int32) {
        let run = Self.insertionIndex(of: slot, in: lasts)
        guard run < runs.count else { return }
        let index = Self.insertionIndex(of: slot, in: runs[run])
        guard runs[run][index] == slot else { return }
        runs[run].remove(at: index)
        count -= 1
        if runs[run].isEmpty {
            runs.remove(at: run)
            lasts.remove(at: run)
        } else {
            lasts[run] = runs[run][runs[run].count - 1]
        }
    }

    /// Splits an over-long run into two halves.
    private mutating func split(_ run: Int) {
        let half = runs[run].count / 2
        let upper = Array(runs[run][half...])
        runs[run].removeSubrange(half...)
        lasts[run] = runs[run][half - 1]
        runs.insert(upper, at: run + 1)
        lasts.insert(upper[upper.count - 1], at: run + 1)
    }

    /// The first position in `sorted` whose slot is not less than `slot`.
    private static func insertionIndex(of slot: Int32, in sorted: [Int32]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < slot { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
