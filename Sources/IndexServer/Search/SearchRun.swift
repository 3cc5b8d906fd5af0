import HeapModule
import Model

/// One search over the registry (PROTOCOL.md §5.5): the best `limit` items that match every keyword and
/// filter, found with as little work as the query allows.
///
/// The *driver* is the keyword with the fewest candidates. Its words' postings are walked best rank first:
/// the word equal to the keyword first (its items match it whole), then the words it only prefixes. A walk
/// stops as soon as the worst hit held outranks anything still to come, so a broad keyword costs about
/// `limit` candidates, not all of them. When the other keywords rule out most candidates (few items
/// match them all), the ordered walk gives way to a scan of every candidate, which checks the other
/// keywords against bitmaps of their items before reading any item: as soon as the share of candidates
/// that match says the walk has more to read than the scan costs, else once the walk has spent about what
/// the scan costs (ski rental), or after ``RegistryLimits/orderedWalkLimit`` candidates at most.
///
/// Costs are capped by a ``SearchBudget``: ``RegistryLimits/maximumSearchCandidates`` (candidates examined)
/// and ``RegistryLimits/maximumSearchEvaluations`` (candidates read in full), or less; past either cap the
/// hits are the best of those examined and the answer is not complete.
struct SearchRun {
    private let registry: Registry
    private let query: SearchQuery
    private let terms: [KeywordTerm]
    private let driver: Int
    private let budget: SearchBudget
    private var best = Heap<RankedHit>()
    /// The worst hit held, once `limit` are held: what every candidate is checked against.
    private var worst: RankedHit.Bar?
    /// The entries examined, walk after walk, each walk's ascending: what a later walk skips, and what a
    /// scan starts from. A slot has one rank key, so its entry is the same in every posting that lists it:
    /// a walk meets its repeats one after another, and an earlier walk's by a cursor over this list (no
    /// set of slots to hash into for every candidate).
    private var examinedEntries: [UInt64] = []
    private(set) var examined = 0
    /// Candidates examined that matched every keyword (filters aside): what tells a walk, early, that few
    /// of the driver's candidates will do.
    private var matched = 0
    private(set) var evaluated = 0
    private(set) var complete = true

    /// A search for `query` whose keywords are `terms`, driven by `terms[driver]` (a keyword of 2 or more
    /// characters that prefixes at least one word), spending at most `budget`.
    init(registry: Registry, query: SearchQuery, terms: [KeywordTerm], driver: Int, budget: SearchBudget) {
        self.registry = registry
        self.query = query
        self.terms = terms
        self.driver = driver
        self.budget = budget
        // A walk examines about `limit` candidates: no rehashing on the way.
        examinedEntries.reserveCapacity(query.limit + 64)
    }

    /// The hits, best first.
    var hits: [SearchHit] {
        var ordered = best
        var hits: [SearchHit] = []
        while let top = ordered.popMax() {
            if let item = registry.items[Int(top.rank.order)] { hits.append(registry.hit(for: item, slot: top.rank.order)) }
        }
        return hits
    }

    private enum WalkEnd { case exhausted, outranked, tooLong, overBudget }

    /// Candidates a walk takes at a time (what it reads of them fetched together).
    static let batchSize = 16

    /// What reading a candidate in a walk costs (its word list and item, cache misses at random slots), in
    /// candidates a scan examines through its bitmaps: what a walk weighs against a scan. Measured: about
    /// 200 ns a candidate walked, 4 ns one scanned (BENCHMARKS.md).
    static let readCost = 50

    /// Candidates a walk examines before it judges, by how many of them matched, whether it will cost
    /// more than a scan. Two batches: judged after 64, two-keyword searches took about 6 % longer
    /// (BENCHMARKS.md).
    static let probeSize = 32

    /// The driver's words in the order they are walked: the word equal to the keyword first (its items
    /// match the driver whole), then the words it only prefixes. An item that has both comes again in the
    /// second walk and is skipped there (examined already, or outranked).
    private var driverWalks: [(ids: [Int32], driverExact: Bool)] {
        let term = terms[driver]
        let matches = term.prefixMatches ?? []
        var walks: [(ids: [Int32], driverExact: Bool)] = []
        if let exact = term.exactID, matches.contains(where: { $0.id == exact }) { walks.append(([exact], true)) }
        let prefixed = matches.map(\.id).filter { $0 != term.exactID }
        if !prefixed.isEmpty { walks.append((prefixed, false)) }
        return walks
    }

    /// About how many candidates this search will evaluate: the driver's candidates, best first, until
    /// `limit` of them match the other keywords, each keyword matching as large a share of them as its
    /// candidates are of all items (as if keywords were independent; filters, and keywords of one character,
    /// not counted). Real names' words go together more often than that, so it errs high.
    var estimatedEvaluations: Int {
        let items = Double(max(registry.itemCount, 1))
        let share = others.reduce(1.0) { share, index in
            terms[index].prefixMatches == nil ? share : share * min(1, Double(terms[index].candidates) / items)
        }
        let needed = share > 0 ? Double(query.limit) / share : .infinity
        return Int(min(Double(terms[driver].candidates), needed))
    }

    /// The other keywords (checked against each candidate).
    private var others: [Int] { terms.indices.filter { $0 != driver } }

    mutating func execute() {
        let walks = driverWalks
        let othersExact = others.filter { terms[$0].exactID != nil }.count
        for walk in walks {
            let maximumExact = othersExact + (walk.driverExact ? 1 : 0)
            switch self.walk(walk.ids, maximumExact: maximumExact, driverExact: walk.driverExact) {
            case .exhausted, .outranked: continue
            case .tooLong: return scanAll(walks)
            case .overBudget: return
            }
        }
    }

    /// Walks the postings of `ids` best rank first until nothing further can enter the answer. Each
    /// candidate is read (its words, then the item): a few cache misses. Gives way to ``scanAll(_:)``, which
    /// costs a few nanoseconds per candidate of every keyword, once the walk has spent about what the scan
    /// would cost (the other keywords rule out most candidates, or few match them all whole).
    private mutating func walk(_ ids: [Int32], maximumExact: Int, driverExact: Bool) -> WalkEnd {
        let scanCost = terms.reduce(0) { $0 + $1.candidates }
        let checking = others
        var merge = PostingMerge(ids.map { registry.words.posting(of: $0) })
        // Candidates are taken a batch at a time, and what the walk will read of each is fetched for the
        // whole batch first: each is a cache miss or two at a random slot, and fetched together their misses
        // overlap. With other keywords, the batch's word lists are fetched and checked first, then the items
        // of the candidates that match them; else the items at once. The batch is then walked one by one as
        // before; a walk that stops leaves the rest unexamined.
        var batch: [UInt64] = [], matching: [UInt64] = [], exacts: [Int?] = []
        batch.reserveCapacity(Self.batchSize)
        matching.reserveCapacity(Self.batchSize)
        exacts.reserveCapacity(Self.batchSize)
        let driverExact = driverExact ? 1 : 0
        let earlier = examinedEntries.count  // the entries of earlier walks: [0, earlier)
        var cursor = 0
        var previous: UInt64?
        while true {
            batch.removeAll(keepingCapacity: true)
            while batch.count < Self.batchSize, let entry = merge.next() { batch.append(entry) }
            guard !batch.isEmpty else { return .exhausted }
            exacts.removeAll(keepingCapacity: true)
            if checking.isEmpty {
                registry.items.prefetchForRanking(atSlotsOf: batch[...])
            } else {
                registry.words.prefetchWords(of: batch[...])
                matching.removeAll(keepingCapacity: true)
                for entry in batch {
                    let exact = exactMatches(RankKey.slot(of: entry), known: driverExact, checking: checking)
                    exacts.append(exact)
                    if exact != nil { matching.append(entry) }
                }
                registry.items.prefetchForRanking(atSlotsOf: matching[...])
            }
            for (position, entry) in batch.enumerated() {
                if let worst, worst.outranksEverything(after: RankKey.key(of: entry), maximumExact: maximumExact) {
                    return .outranked
                }
                guard entry != previous else { continue }
                previous = entry
                while cursor < earlier, examinedEntries[cursor] < entry { cursor += 1 }
                guard cursor == earlier || examinedEntries[cursor] != entry else { continue }
                let slot = RankKey.slot(of: entry)
                // Ski rental: the walk needs about `limit` candidates anyway; past that, once it has spent what
                // a scan costs, it scans.
                let beyondNeeded = examined - query.limit - 64
                guard examined < registry.limits.orderedWalkLimit, beyondNeeded < 0 || beyondNeeded * Self.readCost < scanCost else {
                    return .tooLong
                }
                guard examined < budget.candidates else {
                    complete = false
                    return .overBudget
                }
                examinedEntries.append(entry)
                examined += 1
                let exact = checking.isEmpty ? driverExact : exacts[position]
                if exact != nil { matched += 1 }
                guard consider(slot, key: RankKey.key(of: entry), exact: exact) else { return .overBudget }
            }
            if !checking.isEmpty, walkLooksCostlier(thanScan: scanCost) { return .tooLong }
        }
    }

    /// Whether the walk, by the share of its candidates so far that matched every keyword, still has more
    /// of them to read, to fill the answer, than a scan costs: then it scans at once, rather than once it
    /// has spent what the scan costs. Most searches of two keywords match fewer items than the answer holds
    /// and examine every candidate of the driver (90 % of those in the benchmark's mix, BENCHMARKS.md).
    ///
    /// Judged once ``probeSize`` candidates are examined, counting two matches more than seen, so that a
    /// few candidates that happen not to match do not turn a short walk into a scan; and never as more than
    /// the driver's candidates left. Not judged once the answer is full: the walk then ends when nothing
    /// further can enter it, which the share does not tell.
    private func walkLooksCostlier(thanScan scanCost: Int) -> Bool {
        guard examined >= Self.probeSize, best.count < query.limit else { return false }
        let share = Double(matched + 2) / Double(examined)
        let left = Double(max(terms[driver].candidates - examined, 0))
        let needed = min(Double(query.limit - best.count) / share, left)
        return needed * Double(Self.readCost) > Double(scanCost)
    }

    /// Examines every candidate of the driver's words not examined yet, each word best rank first. The other
    /// keywords are checked against bitmaps of their items (one for the words they prefix, one for the word
    /// equal to them), so a candidate is read only when it matches them all and could still enter the
    /// answer.
    private mutating func scanAll(_ walks: [(ids: [Int32], driverExact: Bool)]) {
        var prefixSets: [SlotBitmap] = [], exactSets: [SlotBitmap] = []
        var checking: [Int] = []  // keywords too broad for a bitmap, or of one character: read from the item
        for index in others {
            let term = terms[index]
            guard let matches = term.prefixMatches, term.candidates <= budget.candidates else {
                checking.append(index)
                continue
            }
            prefixSets.append(slots(of: matches.map(\.id)))
            if let exact = term.exactID { exactSets.append(slots(of: [exact])) }
        }
        var scanned = SlotBitmap(slots: registry.items.count)
        for entry in examinedEntries { scanned.insert(RankKey.slot(of: entry)) }
        // Candidates that pass the bitmaps are read a batch at a time, their items fetched together (see
        // `walk`); `flush` stops the scan (false) once the evaluation budget is spent.
        var passed: [(entry: UInt64, exact: Int)] = []
        passed.reserveCapacity(Self.batchSize)
        var matching: [UInt64] = []
        matching.reserveCapacity(Self.batchSize)
        func flush(_ run: inout SearchRun) -> Bool {
            defer { passed.removeAll(keepingCapacity: true) }
            matching.removeAll(keepingCapacity: true)
            for candidate in passed { matching.append(candidate.entry) }
            if !checking.isEmpty { run.registry.words.prefetchWords(of: matching[...]) }
            run.registry.items.prefetchForRanking(atSlotsOf: matching[...])
            for (entry, exact) in passed {
                let key = RankKey.key(of: entry), slot = RankKey.slot(of: entry)
                if let worst = run.worst, worst.outranksEverything(after: key, maximumExact: exact + checking.count) {
                    continue
                }
                guard run.consider(slot, key: key, exact: run.exactMatches(slot, known: exact, checking: checking)) else {
                    return false
                }
            }
            return true
        }
        for walk in walks {
            for id in walk.ids {
                var going = true
                registry.words.posting(of: id).forEachRun { run in
                    for entry in run {
                        let slot = RankKey.slot(of: entry)
                        guard !scanned[slot] else { continue }
                        scanned.insert(slot)
                        examined += 1
                        guard examined <= budget.candidates else {
                            complete = false
                            going = false
                            return false
                        }
                        guard prefixSets.allSatisfy({ $0[slot] }) else { continue }
                        var exact = walk.driverExact ? 1 : 0
                        for set in exactSets where set[slot] { exact += 1 }
                        passed.append((entry, exact))
                        if passed.count == Self.batchSize, !flush(&self) {
                            going = false
                            return false
                        }
                    }
                    return true
                }
                guard going else {
                    _ = flush(&self)  // nothing left to flush when the evaluation budget stopped it
                    return
                }
            }
        }
        _ = flush(&self)
    }

    /// The slots listed under any of the words `ids`.
    private func slots(of ids: [Int32]) -> SlotBitmap {
        var set = SlotBitmap(slots: registry.items.count)
        for id in ids { set.insert(slotsOf: registry.words.posting(of: id)) }
        return set
    }

    /// How many keywords the item in `slot` matches whole, given that it matches all but `checking` and
    /// `known` of them whole; nil when it does not match one of `checking` (read from its word list).
    private func exactMatches(_ slot: Int32, known: Int, checking: [Int]) -> Int? {
        guard !checking.isEmpty else { return known }
        var exact = known
        let itemWords = registry.words.words(ofSlot: slot)
        for index in checking {
            guard let match = terms[index].match(itemWords, in: registry.words) else { return nil }
            if match == 2 { exact += 1 }
        }
        return exact
    }

    /// Ranks the item in `slot`, listed under rank key `key`, that matches every keyword, `exact` of them
    /// whole (nil: it does not match them all), if it passes the filters. The item is read only when its
    /// key and whole matches could still beat the worst hit held. Counts as an evaluation either way; false
    /// once the evaluation budget is spent (the search stops, incomplete).
    private mutating func consider(_ slot: Int32, key: UInt32, exact: Int?) -> Bool {
        guard evaluated < budget.evaluations else {
            complete = false
            return false
        }
        evaluated += 1
        guard let exact else { return true }
        if let worst, worst.outranksEverything(after: key, maximumExact: exact) { return true }
        guard let item = registry.items[Int(slot)],
              let rank = registry.rank(item, slot: slot, key: key, exactWords: exact, query) else { return true }
        let hit = RankedHit(rank: rank, key: key)
        if best.count < query.limit {
            best.insert(hit)
        } else if let held = best.min, held < hit {
            best.replaceMin(with: hit)
        } else {
            return true
        }
        if best.count >= query.limit { worst = best.min?.bar }
        return true
    }
}
