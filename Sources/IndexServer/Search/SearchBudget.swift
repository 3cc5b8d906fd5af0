/// What one search may spend before it stops and its answer says `Complete: no`: candidates examined, and
/// candidates read in full (their words, size and name), the costly part of examining.
public struct SearchBudget: Hashable, Sendable {
    public var candidates: Int
    public var evaluations: Int

    public init(candidates: Int, evaluations: Int) {
        self.candidates = candidates
        self.evaluations = evaluations
    }

    /// What a search answered at once on an event loop may spend (``WorkerRequests``): about what a few
    /// LOOKUPs cost. A walk for the best 100 hits of a keyword, however broad, needs a few hundred
    /// evaluations; a search that needs more is answered again on a worker, with the whole budget.
    static let atOnce = SearchBudget(candidates: 20_000, evaluations: 400)

    /// The smaller of each part of this budget and `other`.
    func capped(by other: SearchBudget) -> SearchBudget {
        SearchBudget(candidates: min(candidates, other.candidates), evaluations: min(evaluations, other.evaluations))
    }
}

extension RegistryLimits {
    /// What any one search may spend.
    var searchBudget: SearchBudget {
        SearchBudget(candidates: maximumSearchCandidates, evaluations: maximumSearchEvaluations)
    }
}
