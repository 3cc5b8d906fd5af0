import Model

extension Registry {
    /// A ranked search answer.
    public struct SearchResult: Sendable {
        public var hits: [SearchHit]
        /// False when the search stopped at a cost cap (its ``SearchBudget``) before it could be sure these
        /// are the best hits; they are then the best among the candidates examined.
        public var complete: Bool
        /// Candidates examined.
        public var examined: Int
    }

    /// Keyword search. Every keyword must be the prefix of some word of an item's name (case and accents
    /// folded). Keywords of one character only filter. Ranked by: more keywords matching whole words, then
    /// more sources, then shorter names, then name; capped at `query.limit`. See ``SearchRun``. It spends at
    /// most the limits' budget, or `budget` when that is smaller (and gives up at once, incomplete, when the
    /// budget says so and the search looks likely to need more).
    public func search(_ query: SearchQuery, budget: SearchBudget? = nil) -> SearchResult {
        let terms = query.keywords.map { KeywordTerm($0, in: words) }
        guard let driver = terms.indices.filter({ terms[$0].prefixMatches != nil })
                .min(by: { terms[$0].candidates < terms[$1].candidates }),
              terms[driver].candidates > 0
        else { return SearchResult(hits: [], complete: true, examined: 0) }
        let spending = budget?.capped(by: limits.searchBudget) ?? limits.searchBudget
        var run = SearchRun(registry: self, query: query, terms: terms, driver: driver, budget: spending)
        if spending.givesUpWhenLikelyShort, run.estimatedEvaluations > spending.evaluations * SearchBudget.estimateSlack {
            return SearchResult(hits: [], complete: false, examined: 0)
        }
        run.execute()
        return SearchResult(hits: run.hits, complete: run.complete, examined: run.examined)
    }

    /// What the answer to `query` depends on, as one value: under equal stamps the exact answer (the one a
    /// search that examines every candidate gives, which is what a `Complete: yes` answer is) is the same.
    ///
    /// Every item a search can answer, rank or pass over has a word that the query's keyword prefixes, for
    /// each keyword of 2 or more characters; any change to an item moves the generation of each of its
    /// words (``WordIndex/generation(of:)``), and a new word a keyword prefixes changes the set of words
    /// it matches. So the words one keyword prefixes, and their generations, stand for the answer; the
    /// keyword with the fewest candidates is taken, so that the fewest changes count. Nil when no keyword
    /// has 2 characters (the answer is then empty at once).
    func searchStamp(_ query: SearchQuery) -> SearchStamp? {
        var best: (keyword: Int, ids: [Int32], candidates: Int)?
        for (index, keyword) in query.keywords.enumerated() where keyword.count >= 2 {
            let matches = words.words(withPrefix: keyword)
            let candidates = matches.reduce(0) { $0 + $1.count }
            if best == nil || candidates < best!.candidates { best = (index, matches.map(\.id), candidates) }
        }
        guard let best else { return nil }
        let ids = best.ids.sorted()
        return SearchStamp(epoch: searchEpoch, keyword: best.keyword, words: ids, generation: words.generation(of: ids))
    }

    /// The item's rank, given how many keywords it matches whole and the rank key it is listed under, if it
    /// passes the query's filters.
    func rank(_ item: IndexItem, slot: Int32, key: UInt32, exactWords: Int, _ query: SearchQuery) -> SearchRank? {
        let name = item.displayName
        var size: UInt64?
        var sources = 0
        switch item {
        case .content(let content): (size, sources) = agreement(content, slot: slot)
        case .rfc: sources = sourceCount(item, slot: slot)
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
        // The key holds the name's length when it is under the cap: no walk over the name's characters.
        let nameLength = RankKey.nameLength(in: key) ?? name.count
        return SearchRank(exactWords: exactWords, sources: sources, nameLength: nameLength, name: name, order: slot)
    }
}
