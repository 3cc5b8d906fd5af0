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
        case .search:
            return shared.workers.runIfActive(eventLoop: loop) {
                WorkerPriority.lowerCurrentThread()
                shared.beforeSearch.withLockedValue { $0 }?()
                return shared.registry.withReadLock { shared.processor.query(request, from: peer, in: $0) }
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
}
