import DequeModule
import Model

/// Recent SEARCH answers by query, each kept with the ``SearchStamp`` it was made under and given again
/// only while the registry still gives the same stamp, so a reused answer is the answer a new search would
/// give (PROTOCOL.md §5.5 stays exact). Searches repeat: the broad words of real names are searched most,
/// and clients search again for what they still want. Bounded by `byteLimit` (the answers' bytes plus a
/// fixed cost each); past it the entry least recently used goes first, approximately (the clock
/// algorithm: an entry used since it was kept gets a second round).
///
/// A pure value: the server keeps one behind a lock.
struct SearchAnswerCache<Answer: Sendable>: Sendable {
    /// What an entry costs besides its answer's bytes (its key, stamp and bookkeeping), for the budget.
    static var entryOverhead: Int { 256 }

    private struct Entry {
        var stamp: SearchStamp
        var answer: Answer
        var bytes: Int
        var serial: UInt64
        var used = false
    }

    let byteLimit: Int
    private var entries: [SearchQuery: Entry] = [:]
    /// Queries in the order they were kept, with the serial they were kept under (a later keep of the same
    /// query leaves an older pair here, skipped when it comes round).
    private var order = Deque<(query: SearchQuery, serial: UInt64)>()
    private var nextSerial: UInt64 = 0
    /// Bytes the entries held now count for.
    private(set) var bytes = 0
    var count: Int { entries.count }

    init(byteLimit: Int) {
        self.byteLimit = byteLimit
    }

    /// The answer kept for `query`, if it was made under `stamp`; an answer made under another stamp is
    /// dropped (the registry changed under it).
    mutating func answer(for query: SearchQuery, stamp: SearchStamp) -> Answer? {
        guard let entry = entries[query] else { return nil }
        guard entry.stamp == stamp else {
            drop(query)
            return nil
        }
        if !entry.used { entries[query]!.used = true }
        return entry.answer
    }

    /// Keeps `answer` (of `bytes` bytes) for `query`, made under `stamp`, making room for it. An answer
    /// over an eighth of the budget is not kept.
    mutating func keep(_ answer: Answer, bytes answerBytes: Int, for query: SearchQuery, stamp: SearchStamp) {
        let cost = answerBytes + Self.entryOverhead
        guard cost <= byteLimit / 8 else { return }
        drop(query)
        while bytes + cost > byteLimit, evictOne() {}
        nextSerial += 1
        entries[query] = Entry(stamp: stamp, answer: answer, bytes: cost, serial: nextSerial)
        order.append((query, nextSerial))
        bytes += cost
        // Pairs left behind by dropped entries: compacted once they outnumber the entries.
        if order.count > 2 * entries.count + 64 {
            order = Deque(order.filter { entries[$0.query]?.serial == $0.serial })
        }
    }

    private mutating func drop(_ query: SearchQuery) {
        guard let entry = entries.removeValue(forKey: query) else { return }
        bytes -= entry.bytes
    }

    /// Removes the entry the clock hand stops at; false when there is none.
    private mutating func evictOne() -> Bool {
        while let (query, serial) = order.popFirst() {
            guard let entry = entries[query], entry.serial == serial else { continue }
            if entry.used {
                entries[query]!.used = false
                order.append((query, serial))
                continue
            }
            drop(query)
            return true
        }
        return false
    }
}
