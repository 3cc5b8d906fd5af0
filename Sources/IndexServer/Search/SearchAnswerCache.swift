import DequeModule
import Model

/// Recent SEARCH answers by query, each kept with the ``SearchStamp`` it was made under and given again
/// only while the registry still gives the same stamp, so a reused answer is the answer a new search would
/// give (PROTOCOL.md §5.5 stays exact). Searches repeat: the broad words of real names are searched most,
/// and clients search again for what they still want. Bounded by `byteLimit`: each entry counts its
/// answer's bytes (as the caller measures them), its query's and stamp's, and a fixed cost; past the limit
/// the entry least recently used goes first, approximately (the clock algorithm: an entry used since it
/// was kept gets a second round). A query that matches no word is not kept: it costs nothing to answer.
///
/// A pure value: ``SearchAnswers`` keeps one behind a lock.
struct SearchAnswerCache<Answer: Sendable>: Sendable {
    /// What an entry costs besides its answer's bytes and its query's and stamp's contents: the dictionary
    /// slot, the order queue's pair, the arrays' headers.
    static var entryOverhead: Int { 256 }

    /// What keeping `answerBytes` of answer for `query` under `stamp` counts for.
    static func cost(of answerBytes: Int, for query: SearchQuery, stamp: SearchStamp) -> Int {
        let keywords = query.keywords.reduce(0) { $0 + $1.utf8.count + 16 }
        let extensions = query.extensions.reduce(0) { $0 + $1.utf8.count + 16 }
        // The query is held twice: as the dictionary's key and in the order queue.
        return answerBytes + entryOverhead + 2 * (keywords + extensions) + 4 * stamp.words.count
    }

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

    /// Keeps `answer` (of `bytes` bytes) for `query`, made under `stamp`, making room for it. An entry
    /// that would count for over an eighth of the budget is not kept.
    mutating func keep(_ answer: Answer, bytes answerBytes: Int, for query: SearchQuery, stamp: SearchStamp) {
        let cost = Self.cost(of: answerBytes, for: query, stamp: stamp)
        guard !stamp.words.isEmpty, cost <= byteLimit / 8 else { return }
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
