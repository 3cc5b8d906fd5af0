import Model

/// Kept SEARCH answers for `shoal-bench registry`: the server's ``SearchAnswers``, used on a registry
/// without sockets, to measure how often answers can be reused while peers come and go.
public struct KeptSearchAnswers {
    private let answers: SearchAnswers<Registry.SearchResult>
    /// Searches answered with a kept answer, and searches made anew.
    public private(set) var reused = 0
    public private(set) var made = 0

    public init(byteLimit: Int) {
        answers = SearchAnswers(byteLimit: byteLimit)
    }

    /// The answer to `query`: a kept one if nothing it depends on changed, else a new search (kept when it
    /// is complete, counted at about 90 bytes a hit, as the index's answers are).
    public mutating func search(_ query: SearchQuery, in registry: Registry) -> Registry.SearchResult {
        let (result, reused) = answers.answer(to: query, in: registry) {
            let result = registry.search(query)
            return .init(answer: result, exact: result.complete, bytes: result.hits.count * 90)
        }
        if reused { self.reused += 1 } else { made += 1 }
        return result
    }
}
