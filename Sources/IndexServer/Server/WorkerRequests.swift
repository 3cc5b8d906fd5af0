import Model
import NIOCore
import Wire

/// Which requests are answered off the event loop, and how: a SEARCH on the worker threads (at a lower
/// priority, so the event loops come first) unless it can be answered at once (``searchAtOnce(_:version:shared:)``),
/// and ADD FILES or REMOVE FILES of more than ``RegistryChunks/records`` entries on the writer thread (a part
/// at a time). Everything else is answered on the event loop at once.
enum WorkerRequests {
    /// The answer to `request` from a worker or the writer, on `loop`; nil when the event loop answers it itself.
    static func answer(_ request: Request, from peer: PeerID, shared: IndexContext,
                       on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome>? {
        switch request {
        case .search(let query):
            return shared.workers.runIfActive(eventLoop: loop) {
                WorkerPriority.lowerCurrentThread()
                shared.beforeSearch.withLockedValue { $0 }?()
                // Unless its connection has its loop to itself, a kept answer too is given from here, at the
                // workers' lower priority: given on the event loop, a flood of repeated searches held up every
                // other request on it (LOOKUP p99 at 64 flooding connections went from under 1 ms to 6.7 ms).
                return search(query, version: request.version, shared: shared, budget: nil)
            }
        case .addFiles(let batch) where batch.count > RegistryChunks.records:
            // Admitted at once (all or nothing), then registered a part at a time, all on the writer thread:
            // an event loop that took the read lock to admit it waited there whenever a writer held the lock,
            // and everything else on that loop waited with it.
            return shared.writer.runIfActive(eventLoop: loop) {
                let admission: Result<[FileAnnouncement], RegistryError> = shared.registry.withReadLock { registry in
                    do throws(RegistryError) { return .success(try registry.admitFiles(peer, batch)) } catch { return .failure(error) }
                }
                switch admission {
                case .failure(let error):
                    return IndexRequestProcessor.refused(request, error)
                case .success(let admitted):
                    let outcome = RegistryChunks.addFiles(admitted, of: peer, shared: shared)
                    return IndexRequestProcessor.added(outcome, by: peer, version: request.version)
                }
            }
        case .removeFiles(let hashes) where hashes.count > RegistryChunks.records:
            return RegistryChunks.removeFiles(hashes, request: request, of: peer, shared: shared, on: loop)
        default:
            return nil
        }
    }

    /// The answer to a SEARCH given at once, on the event loop that read it, by a connection that has had
    /// its event loop to itself lately (``SoleRequester``): a kept answer, or a new one within
    /// ``SearchBudget/atOnce``. Nil when the search needs more than that: a worker answers it then, with the
    /// whole budget (what was spent here is lost, and bounded).
    static func searchAtOnce(_ query: SearchQuery, version: ProtocolVersion, shared: IndexContext) -> IndexRequestProcessor.Outcome? {
        var outcome = search(query, version: version, shared: shared, budget: .atOnce)
        // Kept answers are complete: one that is not ran out of this budget.
        guard isComplete(outcome) else { return nil }
        outcome.atOnce = true
        return outcome
    }

    /// The answer to `query`: the one kept for it while nothing it depends on has changed, else a new one
    /// spending at most `budget` (the registry's limits when nil), kept when it is complete.
    private static func search(_ query: SearchQuery, version: ProtocolVersion, shared: IndexContext,
                               budget: SearchBudget?) -> IndexRequestProcessor.Outcome {
        shared.registry.withReadLock { registry in
            let make = { shared.processor.search(query, version: version, in: registry, budget: budget) }
            guard let answers = shared.searchAnswers else { return make() }
            var (outcome, reused) = answers.answer(to: query, in: registry) {
                let outcome = make()
                return .init(answer: outcome, exact: isComplete(outcome), bytes: heldBytes(of: outcome))
            }
            if reused { (outcome.examined, outcome.reused) = (0, true) }
            return outcome
        }
    }

    /// Whether a SEARCH answer is exact (`Complete: yes`).
    private static func isComplete(_ outcome: IndexRequestProcessor.Outcome) -> Bool {
        outcome.response.headers["Complete"] == "yes"
    }

    /// What a kept SEARCH answer holds: its body's whole allocation, and its headers (Reachable-Sources
    /// lists each hit). (SEARCH is P2P-CI/2.1 only, so a kept answer's version is always the asker's.)
    private static func heldBytes(of outcome: IndexRequestProcessor.Outcome) -> Int {
        let body = if case .bytes(let body) = outcome.response.body { body.capacity } else { 0 }
        return body + outcome.response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
    }
}
