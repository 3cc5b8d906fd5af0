import Model
import NIOCore
import NIOPosix

/// What a cluster node (the IndexCluster target) does with this server: it takes the changes the server's
/// peers made, applies the changes other nodes' peers made, and stops serving when it cannot do either.
extension IndexServer {
    /// Starts journaling changes, with new peers numbered from `firstPeerID`, and empties the registry:
    /// a node (re)joining its cluster starts from the cluster's snapshot.
    public func joinCluster(firstPeerID: UInt64) {
        context.registry.withWriteLock { registry in
            let epoch = registry.searchEpoch &+ 1
            registry = Registry(limits: registry.limits)
            registry.searchEpoch = epoch
            registry.startJournal(firstPeerID: firstPeerID)
        }
    }

    /// The changes this server's peers made since the last call, oldest first.
    public func takeJournal() -> [RegistryChange] {
        guard context.registry.withReadLock(\.hasJournaledChanges) else { return [] }
        return context.registry.withWriteLock { $0.takeJournal() }
    }

    /// Applies changes other nodes made, in order, on the server's writer thread, a part at a time like this
    /// server's own big changes (``RegistryChunks/inParts(_:lock:holdTime:piece:_:)``): batches are cut into
    /// pieces of ``RegistryChunks/piece`` records, and each part holds the registry's write lock for about
    /// ``RegistryChunks/holdTime`` (a peer leaving with 100,000 records elsewhere holds up nobody here).
    public func applyReplicated(_ changes: [RegistryChange]) async throws {
        guard !changes.isEmpty else { return }
        let shared = context
        try await shared.writer.runIfActive(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) {
            var pieces: [RegistryChange] = []
            func flush() {
                RegistryChunks.inParts(pieces, lock: shared.registry, piece: 1) { registry, part in
                    for change in part { registry.apply(change) }
                    return true
                }
                pieces.removeAll(keepingCapacity: true)
            }
            for change in changes {
                if case .closed(let peer) = change {
                    flush()
                    Self.removeReplicated(peer, shared: shared)
                    continue
                }
                pieces += change.parts(of: RegistryChunks.piece)
            }
            flush()
        }.get()
    }

    /// Removes the sessions numbered in `range` and their records: the peers of a node that is gone.
    public func dropSessions(in range: Range<UInt64>) async throws {
        let peers = context.registry.withReadLock { $0.sessions(in: range) }
        try await applyReplicated(peers.map { .closed($0) })
    }

    /// Stops taking connections (new ones get 503 with `reason`) and closes every open one, or, with nil,
    /// takes connections again.
    public func stopServing(because reason: String?) {
        context.notServing.withLockedValue { $0 = reason }
        if reason != nil { context.closeAll() }
    }

    /// A closed session's records, removed a part at a time (as when one of this server's peers leaves).
    private static func removeReplicated(_ peer: PeerID, shared: IndexContext) {
        let slots = shared.registry.withWriteLock { registry in
            registry.withoutJournal { $0.detachSession(peer) }
        }
        RegistryChunks.removeDetached(of: peer, slots, shared: shared)
    }
}

extension IndexServer {
    /// Hands relay notices for peers of other nodes to `send` from now on (nil: to nobody). A cluster node
    /// connects its database link here while it is a member.
    public func forwardRelays(to send: (@Sendable (RelayNotice) -> Void)?) {
        context.relayOutlet.connect(send)
    }

    /// A relay notice from another node of the cluster.
    public func receive(_ notice: RelayNotice) {
        context.receive(notice)
    }
}
