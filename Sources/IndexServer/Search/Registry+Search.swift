import HeapModule
import Model

extension Registry {
    /// A ranked search answer.
    public struct SearchResult: Sendable {
        public var hits: [SearchHit]
        /// False when more candidates matched the most selective keyword than
        /// ``RegistryLimits/maximumSearchCandidates``; the hits then come from the first ones examined.
        public var complete: Bool
        /// Candidates examined (past the limit, one more than it).
        public var examined: Int = 0
    }

    /// Keyword search. Every keyword must be the prefix of some word of an item's name (case and accents
    /// folded). Keywords of one character only filter. Ranked by: more keywords matching whole words, then
    /// more sources, then shorter names, then name; capped at `query.limit`.
    public func search(_ query: SearchQuery) -> SearchResult {
        let terms = query.keywords.map { KeywordTerm($0, in: words) }
        // The driver is the keyword with the fewest candidates: its postings are the ones walked.
        guard let driver = terms.indices.filter({ terms[$0].prefixMatches != nil })
                .min(by: { terms[$0].candidates < terms[$1].candidates }),
              let driverMatches = terms[driver].prefixMatches, !driverMatches.isEmpty
        else { return SearchResult(hits: [], complete: true) }
        let candidates = min(terms[driver].candidates, limits.maximumSearchCandidates)
        let checks = terms.indices.map { index -> KeywordCheck? in
            guard let matches = terms[index].prefixMatches else { return nil }
            if index == driver { return .driver }
            return KeywordCheck(for: terms[index], matches: matches, candidates: candidates,
                                slotCount: items.count, in: words)
        }

        var best = Heap<SearchRank>()
        var examined = 0
        var complete = true
        var seen = Set<Int32>()
        let singleWord = driverMatches.count == 1
        scan: for (wordID, _) in driverMatches {
            for slot in words.slots(of: wordID) {
                if !singleWord, !seen.insert(slot).inserted { continue }
                examined += 1
                if examined > limits.maximumSearchCandidates { complete = false; break scan }
                guard let item = items[Int(slot)], let rank = rank(item, slot: slot, terms, checks, query)
                else { continue }
                best.insert(rank)
                if best.count > query.limit { _ = best.popMin() }
            }
        }
        var hits: [SearchHit] = []
        while let top = best.popMax() {
            if let item = items[Int(top.order)] { hits.append(hit(for: item)) }
        }
        return SearchResult(hits: hits, complete: complete, examined: examined)
    }

    /// The item's rank if it matches every keyword and filter; nil otherwise. `checks` says how each
    /// keyword is matched: through the word index, or (nil, keywords under 2 characters) against the
    /// item's words as text.
    private func rank(_ item: IndexItem, slot: Int32, _ terms: [KeywordTerm], _ checks: [KeywordCheck?],
                      _ query: SearchQuery) -> SearchRank? {
        var exact = 0
        var itemWords: [String]?
        for (term, check) in zip(terms, checks) {
            if let check {
                if let id = term.exactID, words.contains(id, slot: slot) { exact += 1; continue }
                guard check.admits(slot, in: words) else { return nil }
            } else {
                let texts = itemWords ?? item.words
                itemWords = texts
                if texts.contains(term.keyword) { exact += 1; continue }
                guard texts.contains(where: { $0.hasPrefix(term.keyword) }) else { return nil }
            }
        }
        let name = item.displayName
        var size: UInt64?
        var sources = 0
        switch item {
        case .content(let content): (size, sources) = content.agreement
        case .rfc: sources = sourceCount(item)
        }
        if query.minimumSize != nil || query.maximumSize != nil {
            guard let size else { return nil }
            if let min = query.minimumSize, size < min { return nil }
            if let max = query.maximumSize, size > max { return nil }
        }
        if !query.extensions.isEmpty {
            // A classic RFC item's type is `rfc`, as result lists show it (its title has no extension).
            let type: String?
            if case .rfc = item { type = "rfc" } else { type = NameTokenizer.fileExtension(name) }
            guard let type, query.extensions.contains(type) else { return nil }
        }
        return SearchRank(exactWords: exact, sources: sources, nameLength: name.count, name: name, order: slot)
    }
}
