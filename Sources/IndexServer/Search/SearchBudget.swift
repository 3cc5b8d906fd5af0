/// What one search may spend before it stops and its answer says `Complete: no`: candidates examined, and
/// candidates read in full (their words, size and name), the costly part of examining.
public struct SearchBudget: Hashable, Sendable {
    public var candidates: Int
    public var evaluations: Int
    /// Whether a search that looks likely to need more evaluations than `evaluations` (its estimate,
    /// ``SearchRun/estimatedEvaluations``, over ``estimateSlack`` times them) gives up before it starts,
    /// incomplete: for an attempt that is made again with a bigger budget when it falls short, so that it
    /// wastes little on such searches.
    public var givesUpWhenLikelyShort: Bool

    /// How far over the budget an estimate may be before the search gives up. The estimate errs high (the
    /// words of real names go together more than it assumes): on the realistic names of
    /// `shoal-bench registry`, 3,000 searches of which 2,608 fit the ``atOnce`` budget, a slack of 1 gave
    /// up on 1,034 that fit and started none that did not; 4 gave up on 393 that fit and started 117 of
    /// the 392 that did not (about 120 µs each spent for nothing); 8, 124 and 306. A search given up costs
    /// the two thread hand-offs saved by answering at once (about 50 µs), one started for nothing about
    /// 120 µs and some tail latency: 4 costs least.
    static let estimateSlack = 4

    public init(candidates: Int, evaluations: Int, givesUpWhenLikelyShort: Bool = false) {
        self.candidates = candidates
        self.evaluations = evaluations
        self.givesUpWhenLikelyShort = givesUpWhenLikelyShort
    }

    /// What a search answered at once on an event loop may spend (``WorkerRequests``): about what a few
    /// LOOKUPs cost. A walk for the best 100 hits of a keyword, however broad, needs a few hundred
    /// evaluations; a search that needs more is answered again on a worker, with the whole budget.
    static let atOnce = SearchBudget(candidates: 20_000, evaluations: 400, givesUpWhenLikelyShort: true)

    /// The smaller of each part of this budget and `other` (giving up early as this one does).
    func capped(by other: SearchBudget) -> SearchBudget {
        SearchBudget(candidates: min(candidates, other.candidates), evaluations: min(evaluations, other.evaluations),
                     givesUpWhenLikelyShort: givesUpWhenLikelyShort)
    }
}

extension RegistryLimits {
    /// What any one search may spend.
    var searchBudget: SearchBudget {
        SearchBudget(candidates: maximumSearchCandidates, evaluations: maximumSearchEvaluations)
    }
}
