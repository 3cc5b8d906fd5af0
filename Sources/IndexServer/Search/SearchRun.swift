import BitCollections
import HeapModule
import Model

/// One search over the registry (PROTOCOL.md §5.5): the best `limit` items that match every keyword and
/// filter, found with as little work as the query allows.
///
/// The *driver* is the keyword with the fewest candidates. Its words' postings are walked best rank first:
/// the word equal to the keyword first (its items match it whole), then the words it only prefixes. A walk
/// stops as soon as the worst hit held outranks anything still to come, so a broad keyword costs about
/// `limit` candidates, not all of them. When the other keywords rule out most candidates (few items
/// match them all), the ordered walk gives way after ``RegistryLimits/orderedWalkLimit`` candidates to a scan of every
/// candidate, which checks the other keywords against bitmaps of their items before reading any item.
///
/// Costs are capped by ``RegistryLimits/maximumSearchCandidates`` (candidates examined) and
/// ``RegistryLimits/maximumSearchEvaluations`` (candidates read in full); past either cap the hits are the
/// best of those examined and the answer is not complete.
struct SearchRun {
    private let registry: Registry
    private let query: SearchQuery
    private let terms: [KeywordTerm]
    private let driver: Int
    private var best = Heap<RankedHit>()
    private var seen = Set<Int32>()
    private(set) var examined = 0
    private(set) var evaluated = 0
    private(set) var complete = true

    /// A search for `query` whose keywords are `terms`, driven by `terms[driver]` (a keyword of 2 or more
    /// characters that prefixes at least one word).
    init(registry: Registry, query: SearchQuery, terms: [KeywordTerm], driver: Int) {
        self.registry = registry
        self.query = query
        self.terms = terms
        self.driver = driver
    }

    /// The hits, best first.
    var hits: [SearchHit] {
        var ordered = best
        var hits: [SearchHit] = []
        while let top = ordered.popMax() {
            if let item = registry.items[Int(top.rank.order)] { hits.append(registry.hit(for: item)) }
        }
        return hits
    }

    private enum WalkEnd { case exhausted, outranked, tooLong, overBudget }

    mutating func execute() {
        let term = terms[driver]
        let matches = term.prefixMatches ?? []
        let othersExact = terms.indices.filter { $0 != driver && terms[$0].exactID != nil }.count
        var walks: [(ids: [Int32], maximumExact: Int)] = []
        if let exact = term.exactID, matches.contains(where: { $0.id == exact }) {
            walks.append(([exact], othersExact + 1))
        }
        let prefixed = matches.map(\.id).filter { $0 != term.exactID }
        if !prefixed.isEmpty { walks.append((prefixed, othersExact)) }
        for walk in walks {
            switch self.walk(walk.ids, maximumExact: walk.maximumExact) {
            case .exhausted, .outranked: continue
            case .tooLong: return scanAll(matches.map(\.id))
            case .overBudget: return
            }
        }
    }

    /// Walks the postings of `ids` best rank first until nothing further can enter the answer.
    private mutating func walk(_ ids: [Int32], maximumExact: Int) -> WalkEnd {
        var merge = PostingMerge(ids.map { registry.words.posting(of: $0) })
        while let entry = merge.next() {
            if best.count >= query.limit, let worst = best.min,
               worst.outranksEverything(after: RankKey.key(of: entry), maximumExact: maximumExact) {
                return .outranked
            }
            let slot = RankKey.slot(of: entry)
            guard !seen.contains(slot) else { continue }
            guard examined < registry.limits.orderedWalkLimit else { return .tooLong }
            guard examined < registry.limits.maximumSearchCandidates else {
                complete = false
                return .overBudget
            }
            seen.insert(slot)
            examined += 1
            guard consider(slot) else { return .overBudget }
        }
        return .exhausted
    }

    /// Examines every candidate of the driver's words not examined yet, in slot order.
    private mutating func scanAll(_ ids: [Int32]) {
        let limits = registry.limits
        var filters: [BitSet] = []
        for (index, term) in terms.enumerated() where index != driver {
            guard let matches = term.prefixMatches, term.candidates <= limits.maximumSearchCandidates else { continue }
            var set = BitSet(reservingCapacity: registry.items.count)
            for match in matches {
                for entry in registry.words.posting(of: match.id) { set.insert(Int(RankKey.slot(of: entry))) }
            }
            filters.append(set)
        }
        var scanned = BitSet(reservingCapacity: registry.items.count)
        for slot in seen { scanned.insert(Int(slot)) }
        for id in ids {
            for entry in registry.words.posting(of: id) {
                let slot = RankKey.slot(of: entry)
                guard scanned.insert(Int(slot)).inserted else { continue }
                examined += 1
                guard examined <= limits.maximumSearchCandidates else { complete = false; return }
                guard filters.allSatisfy({ $0.contains(Int(slot)) }) else { continue }
                guard consider(slot) else { return }
            }
        }
    }

    /// Ranks the item in `slot` if it matches every keyword and filter. False once the evaluation budget
    /// is spent (the search stops, incomplete).
    private mutating func consider(_ slot: Int32) -> Bool {
        guard evaluated < registry.limits.maximumSearchEvaluations else {
            complete = false
            return false
        }
        evaluated += 1
        let itemWords = registry.words.words(ofSlot: slot)
        var exact = 0
        for term in terms {
            guard let match = term.match(itemWords, in: registry.words) else { return true }
            if match == 2 { exact += 1 }
        }
        guard let item = registry.items[Int(slot)],
              let rank = registry.rank(item, slot: slot, exactWords: exact, query) else { return true }
        let hit = RankedHit(rank: rank, key: registry.words.key(ofSlot: slot))
        if best.count < query.limit {
            best.insert(hit)
        } else if let worst = best.min, worst < hit {
            best.replaceMin(with: hit)
        }
        return true
    }
}
