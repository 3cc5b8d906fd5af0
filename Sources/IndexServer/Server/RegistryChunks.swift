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
/// records, or registering or removing a 5,000-file batch. Each part holds the registry's write lock for
/// about ``holdTime`` (it changes ``piece`` records at a time until that time is spent) and then lets waiting
/// readers in; no event loop is held up at all, so no other peer waits long. A record costs from a few to a
/// few tens of microseconds (an item with many holders and popular words is re-ranked under each of them), so
/// a count alone would not bound the wait: parts of 64 records held the lock up to 2.5 ms.
enum RegistryChunks {
    /// Changes of more entries than this are big: made on the writer thread, a part at a time. Smaller ones
    /// are made at once, by whoever asks.
    static let records = 64

    /// Records changed between looks at the clock.
    static let piece = 8

    /// How long one part holds the write lock: the piece that passes it is the part's last.
    static let holdTime = TimeAmount.microseconds(250)

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
            removeDetached(of: peer, slots, shared: shared)
            done()
        }
    }

    /// Removes a detached session's records a part at a time, on the thread that calls it (the writer).
    static func removeDetached(of peer: PeerID, _ slots: [Int32], shared: IndexContext) {
        inParts(slots, lock: shared.registry) { registry, part in
            registry.removeRecords(of: peer, in: part)
            return true
        }
        shared.registry.withWriteLock { $0.forgetDeparted(peer) }
    }

    /// Registers admitted files (see ``Registry/admitFiles(_:_:)``) a part at a time, on the writer thread
    /// that calls it; tells what the batch changed.
    static func addFiles(_ files: [FileAnnouncement], of peer: PeerID, shared: IndexContext) -> Registry.BatchOutcome {
        // Names tokenized and counted here, before the lock: the registry's own work is all it holds it for.
        let prepared = PreparedFile.batch(files, limits: shared.configuration.registry)
        var added = 0, total = 0
        inParts(prepared, lock: shared.registry) { registry, part in
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
            inParts(hashes, lock: shared.registry) { registry, part in
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

    /// Runs `change` on `elements` ``piece`` at a time under the write lock, taking it again (and letting the
    /// readers its unlock woke in first) once it has been held for `holdTime`; stops when `change` returns
    /// false. Returns how many times it took the lock.
    @discardableResult
    static func inParts<Element>(_ elements: [Element], lock: ReadWriteLocked<Registry>,
                                 holdTime: TimeAmount = holdTime, piece: Int = piece,
                                 _ change: (inout Registry, ArraySlice<Element>) -> Bool) -> Int {
        var rest = elements[...]
        var holds = 0
        while !rest.isEmpty {
            holds += 1
            let goOn = lock.withWriteLock { registry in
                let until = NIODeadline.now() + holdTime
                repeat {
                    let part = rest.prefix(piece)
                    guard change(&registry, part) else { return false }
                    rest = rest.dropFirst(part.count)
                } while !rest.isEmpty && NIODeadline.now() < until
                return true
            }
            guard goOn else { break }
            sched_yield()
        }
        return holds
    }
}
