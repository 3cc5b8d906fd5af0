#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model
import NIOCore
import NIOPosix
import Wire

/// Big registry changes made a part at a time on the index's worker threads: a peer leaving with 100,000
/// records, or registering or removing a 5,000-file batch. Each part holds the registry's write lock for at most
/// ``records`` records (well under a millisecond for real names, about 2 ms for the longest names of new
/// words the limits allow) and then lets waiting readers in; no event loop is held up at all, so no other
/// peer waits long.
enum RegistryChunks {
    /// Records changed per part.
    static let records = 64

    /// Removes a detached session's records (see ``Registry/detachSession(_:)``), then calls `done` (on a
    /// worker thread, or at once for a few records). Nothing happens once the server is stopping.
    static func removeRecords(of peer: PeerID, _ slots: [Int32], shared: IndexContext,
                              done: @escaping @Sendable () -> Void) {
        guard slots.count > records else {
            shared.registry.withWriteLock { $0.removeRecords(of: peer, in: slots[...]) }
            return done()
        }
        shared.workers.submit { state in
            guard state == .active else { return }
            WorkerPriority.restoreCurrentThread()
            var rest = slots[...]
            while !rest.isEmpty {
                shared.registry.withWriteLock { $0.removeRecords(of: peer, in: rest.prefix(records)) }
                rest = rest.dropFirst(records)
                sched_yield()  // readers woken by the unlock get the lock before the next part
            }
            done()
        }
    }

    /// Registers admitted files (see ``Registry/admitFiles(_:_:)``) a part at a time; the future, on
    /// `loop`, tells what the batch changed.
    static func addFiles(_ files: [FileAnnouncement], of peer: PeerID, shared: IndexContext,
                         on loop: any EventLoop) -> EventLoopFuture<Registry.BatchOutcome> {
        shared.workers.runIfActive(eventLoop: loop) {
            WorkerPriority.restoreCurrentThread()
            var added = 0, total = 0
            var rest = files[...]
            while !rest.isEmpty {
                (added, total) = shared.registry.withWriteLock { registry in
                    (added + registry.applyFiles(peer, rest.prefix(records)), registry.session(peer)?.recordCount ?? 0)
                }
                rest = rest.dropFirst(records)
                sched_yield()
            }
            return Registry.BatchOutcome(changed: added, total: total)
        }
    }

    /// `REMOVE FILES` of many hashes, a part at a time on a worker; the future, on `loop`, holds the answer.
    static func removeFiles(_ hashes: [ContentHash], request: Request, of peer: PeerID, shared: IndexContext,
                            on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome> {
        shared.workers.runIfActive(eventLoop: loop) {
            WorkerPriority.restoreCurrentThread()
            var removed = 0, total = 0
            var rest = hashes[...]
            while !rest.isEmpty {
                let part = Array(rest.prefix(records))
                let outcome = shared.registry.withWriteLock { registry -> Result<Registry.BatchOutcome, RegistryError> in
                    do throws(RegistryError) { return .success(try registry.removeFiles(peer, part)) } catch { return .failure(error) }
                }
                switch outcome {
                case .success(let part): (removed, total) = (removed + part.changed, part.total)
                case .failure(let error): return IndexRequestProcessor.refused(request, error)
                }
                rest = rest.dropFirst(records)
                sched_yield()
            }
            return IndexRequestProcessor.removed(Registry.BatchOutcome(changed: removed, total: total), by: peer,
                                                 version: request.version)
        }
    }
}
