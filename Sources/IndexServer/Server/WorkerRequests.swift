import Model
import NIOCore
import Wire

/// Which requests are answered on the index's worker threads, and how: every SEARCH (at a lower priority,
/// so the event loops come first), and ADD FILES or REMOVE FILES of more than ``RegistryChunks/records``
/// entries (a part at a time). Everything else is answered on the event loop at once.
enum WorkerRequests {
    /// The answer to `request` from a worker, on `loop`; nil when the event loop answers it itself.
    static func answer(_ request: Request, from peer: PeerID, shared: IndexContext,
                       on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome>? {
        switch request {
        case .search(let query):
            return shared.workers.runIfActive(eventLoop: loop) {
                WorkerPriority.lowerCurrentThread()
                shared.beforeSearch.withLockedValue { $0 }?()
                // A kept answer too is given from here, at the workers' lower priority: given on the event
                // loop, a flood of repeated searches held up every other request on it (LOOKUP p99 at
                // 64 flooding connections went from under 1 ms to 6.7 ms).
                if let kept = reusedAnswer(to: query, version: request.version, shared: shared) { return kept }
                let (outcome, stamp) = shared.registry.withReadLock { registry in
                    (shared.processor.query(request, from: peer, in: registry), registry.searchStamp(query))
                }
                // Only a complete answer is the one any later search would give under the same stamp.
                if let stamp, let answers = shared.searchAnswers, outcome.response.headers["Complete"] == "yes" {
                    // The body's whole allocation, and its headers (Reachable-Sources lists each hit).
                    let body = if case .bytes(let body) = outcome.response.body { body.capacity } else { 0 }
                    let bytes = body + outcome.response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
                    answers.withLockedValue { $0.keep(outcome, bytes: bytes, for: query, stamp: stamp) }
                }
                return outcome
            }
        case .addFiles(let batch) where batch.count > RegistryChunks.records:
            // Admitted at once (all or nothing), then registered a part at a time.
            let admission: Result<[FileAnnouncement], RegistryError> = shared.registry.withReadLock { registry in
                do throws(RegistryError) { return .success(try registry.admitFiles(peer, batch)) } catch { return .failure(error) }
            }
            switch admission {
            case .failure(let error):
                return loop.makeSucceededFuture(IndexRequestProcessor.refused(request, error))
            case .success(let admitted):
                return RegistryChunks.addFiles(admitted, of: peer, shared: shared, on: loop).map { outcome in
                    IndexRequestProcessor.added(outcome, by: peer, version: request.version)
                }
            }
        case .removeFiles(let hashes) where hashes.count > RegistryChunks.records:
            return RegistryChunks.removeFiles(hashes, request: request, of: peer, shared: shared, on: loop)
        default:
            return nil
        }
    }

    /// The answer kept for `query`, if the registry has not changed under it (the check costs a look-up of
    /// the keywords' words).
    private static func reusedAnswer(to query: SearchQuery, version: ProtocolVersion,
                                     shared: IndexContext) -> IndexRequestProcessor.Outcome? {
        guard let answers = shared.searchAnswers,
              let stamp = shared.registry.withReadLock({ $0.searchStamp(query) }),
              var kept = answers.withLockedValue({ $0.answer(for: query, stamp: stamp) }),
              kept.response.version == version else { return nil }
        kept.examined = 0
        kept.reused = true
        return kept
    }
}
