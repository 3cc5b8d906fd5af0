#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model
import NIOCore
import NIOPosix
import Wire

/// Big registry changes made a part at a time on the index's writer thread: a peer leaving with 100,000
/// records, or registering or removing a 5,000-file batch. Each part holds the registry's write lock for at most
/// ``records`` records (well under a millisecond for real names, about 2 ms for the longest names of new
/// words the limits allow) and then lets waiting readers in; no event loop is held up at all, so no other
/// peer waits long.
enum RegistryChunks {
    /// Records changed per part.
    static let records = 64

    /// Removes a detached session's records (see ``Registry/detachSession(_:)``), then calls `done` (on a
    /// the writer thread, or at once for a few records). Nothing happens once the server is stopping.
    static func removeRecords(of peer: PeerID, _ slots: [Int32], shared: IndexContext,
                              done: @escaping @Sendable () -> Void) {
        guard slots.count > records else {
            shared.registry.withWriteLock {
                $0.removeRecords(of: peer, in: slots[...])
                $0.forgetDeparted(peer)
            }
            return done()
        }
        shared.writer.submit { state in
            guard state == .active else { return }
            inParts(slots, shared: shared) { registry, part in
                registry.removeRecords(of: peer, in: part)
                return true
            }
            shared.registry.withWriteLock { $0.forgetDeparted(peer) }
            done()
        }
    }

    /// Registers admitted files (see ``Registry/admitFiles(_:_:)``) a part at a time, on the writer thread
    /// that calls it; tells what the batch changed.
    static func addFiles(_ files: [FileAnnouncement], of peer: PeerID, shared: IndexContext) -> Registry.BatchOutcome {
        // Names tokenized and counted here, before the lock: the registry's own work is all it holds it for.
        let prepared = PreparedFile.batch(files, limits: shared.configuration.registry)
        var added = 0, total = 0
        inParts(prepared, shared: shared) { registry, part in
            added += registry.applyFiles(peer, part)
            total = registry.session(peer)?.recordCount ?? 0
            return true
        }
        return Registry.BatchOutcome(changed: added, total: total)
    }

    /// `REMOVE FILES` of many hashes, a part at a time on the writer thread; the future, on `loop`, holds the answer.
    static func removeFiles(_ hashes: [ContentHash], request: Request, of peer: PeerID, shared: IndexContext,
                            on loop: any EventLoop) -> EventLoopFuture<IndexRequestProcessor.Outcome> {
        shared.writer.runIfActive(eventLoop: loop) {
            var removed = 0, total = 0
            var refusal: RegistryError?
            inParts(hashes, shared: shared) { registry, part in
                do throws(RegistryError) {
                    let outcome = try registry.removeFiles(peer, Array(part))
                    (removed, total) = (removed + outcome.changed, outcome.total)
                    return true
                } catch {
                    refusal = error
                    return false
                }
            }
            if let refusal { return IndexRequestProcessor.refused(request, refusal) }
            return IndexRequestProcessor.removed(Registry.BatchOutcome(changed: removed, total: total), by: peer,
                                                 version: request.version)
        }
    }

    /// Runs `change` on each part of `elements` (``records`` at most) under the write lock, letting the
    /// readers its unlock woke take the lock before the next part; stops when `change` returns false.
    private static func inParts<Element>(_ elements: [Element], shared: IndexContext,
                                         _ change: (inout Registry, ArraySlice<Element>) -> Bool) {
        var rest = elements[...]
        while !rest.isEmpty {
            let part = rest.prefix(records)
            guard shared.registry.withWriteLock({ change(&$0, part) }) else { return }
            rest = rest.dropFirst(records)
            sched_yield()
        }
    }
}
