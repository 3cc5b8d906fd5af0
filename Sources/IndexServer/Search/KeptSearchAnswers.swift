import Model

/// Kept SEARCH answers for `shoal-bench registry`: the server's ``SearchAnswerCache`` and stamps, used on a
/// registry without sockets, to measure how often answers can be reused while peers come and go.
public struct KeptSearchAnswers {
    private var cache: SearchAnswerCache<Registry.SearchResult>
    /// Searches answered with a kept answer, and searches made anew.
    public private(set) var reused = 0
    public private(set) var made = 0

    public init(byteLimit: Int) {
        cache = SearchAnswerCache(byteLimit: byteLimit)
    }

    /// The answer to `query`: a kept one if nothing it depends on changed, else a new search (kept when it
    /// is complete, counted at about 90 bytes a hit, as the index's answers are).
    public mutating func search(_ query: SearchQuery, in registry: Registry) -> Registry.SearchResult {
        let stamp = registry.searchStamp(query)
        if let stamp, let kept = cache.answer(for: query, stamp: stamp) {
            reused += 1
            return kept
        }
        made += 1
        let result = registry.search(query)
        if let stamp, result.complete { cache.keep(result, bytes: result.hits.count * 90, for: query, stamp: stamp) }
        return result
    }
}
