import Model
import NIOCore

/// Big registry changes made a part at a time: a peer leaving with 100,000 records, or registering a
/// 5,000-file batch. Each part holds the registry's write lock for at most ``records`` records (about a
/// millisecond), then the event loop serves everything else that is waiting before the next part, so no
/// other peer waits long for the registry or for this event loop.
enum RegistryChunks {
    /// Records changed per part.
    static let records = 256

    /// Removes a detached session's records (see ``Registry/detachSession(_:)``), a part at a time, then
    /// calls `done`.
    static func removeRecords(of peer: PeerID, _ slots: ArraySlice<Int32>, shared: IndexContext, on loop: any EventLoop,
                              done: @escaping @Sendable () -> Void) {
        shared.registry.withWriteLock { $0.removeRecords(of: peer, in: slots.prefix(records)) }
        let rest = slots.dropFirst(records)
        guard !rest.isEmpty else { return done() }
        loop.execute { removeRecords(of: peer, rest, shared: shared, on: loop, done: done) }
    }

    /// Registers admitted files (see ``Registry/admitFiles(_:_:)``) a part at a time, then calls `done`
    /// on `loop` with what the batch changed.
    static func addFiles(_ files: [FileAnnouncement], of peer: PeerID, shared: IndexContext, on loop: any EventLoop,
                         from start: Int = 0, added: Int = 0,
                         done: @escaping @Sendable (Registry.BatchOutcome) -> Void) {
        let end = min(start + records, files.count)
        let (count, total) = shared.registry.withWriteLock { registry in
            (registry.applyFiles(peer, files[start..<end]), registry.session(peer)?.recordCount ?? 0)
        }
        guard end < files.count else { return done(Registry.BatchOutcome(changed: added + count, total: total)) }
        loop.execute {
            addFiles(files, of: peer, shared: shared, on: loop, from: end, added: added + count, done: done)
        }
    }
}
