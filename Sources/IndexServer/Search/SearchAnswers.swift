import Model
import NIOConcurrencyHelpers

/// Kept SEARCH answers shared by threads: a ``SearchAnswerCache`` behind a lock, and the one way to use it
/// (the server's workers and `shoal-bench registry` both answer through ``answer(to:in:make:)``).
final class SearchAnswers<Answer: Sendable>: Sendable {
    /// What a new search gives: its answer, whether it is exact (`Complete: yes`: only such answers are
    /// kept), and the bytes it holds.
    struct Made {
        var answer: Answer
        var exact: Bool
        var bytes: Int
    }

    private let cache: NIOLockedValueBox<SearchAnswerCache<Answer>>

    init(byteLimit: Int) {
        cache = NIOLockedValueBox(SearchAnswerCache(byteLimit: byteLimit))
    }

    /// The answer to `query` in `registry`: the kept one while its stamp holds (`reused`), else what `make`
    /// gives, kept when it is exact. The caller holds the registry's read lock, so the stamp is made once
    /// and it and the answer see the same registry; this takes its own lock only inside it, briefly.
    func answer(to query: SearchQuery, in registry: Registry, make: () -> Made) -> (answer: Answer, reused: Bool) {
        guard let stamp = registry.searchStamp(query) else { return (make().answer, false) }
        if let kept = cache.withLockedValue({ $0.answer(for: query, stamp: stamp) }) { return (kept, true) }
        let made = make()
        if made.exact { cache.withLockedValue { $0.keep(made.answer, bytes: made.bytes, for: query, stamp: stamp) } }
        return (made.answer, false)
    }
}
