import Model
import Wire

extension Registry {
    /// Starts keeping a journal of changes (``takeJournal()``) and numbers new sessions from `firstPeerID`:
    /// a cluster node gives each node its own range, so peer ids are unique across the cluster.
    public mutating func startJournal(firstPeerID: UInt64) {
        journal = []
        nextPeer = max(nextPeer, firstPeerID)
    }

    /// The changes made since the last call, oldest first; the journal is then empty.
    public mutating func takeJournal() -> [RegistryChange] {
        guard let taken = journal, !taken.isEmpty else { return [] }
        journal = []
        return taken
    }

    /// Whether changes are waiting in the journal (read under the read lock before taking them).
    public var hasJournaledChanges: Bool { journal?.isEmpty == false }

    /// Applies a change another node made, without journaling it. Limits are not checked again: the node
    /// that made the change did. A change for a session that is not here (closed meanwhile) does nothing,
    /// and a change applied twice in the same order as before leaves the registry as it was.
    public mutating func apply(_ change: RegistryChange) {
        withoutJournal { $0.applyUnjournaled(change) }
    }

    /// Runs `body` with the journal set aside: what it changes is not journaled.
    mutating func withoutJournal<Result>(_ body: (inout Registry) -> Result) -> Result {
        let kept = journal
        journal = nil
        defer { journal = kept }
        return body(&self)
    }

    private mutating func applyUnjournaled(_ change: RegistryChange) {
        switch change {
        case .opened(let peer, let address):
            guard sessions[peer] == nil else { return }
            sessions[peer] = PeerSession(id: peer, address: address)
        case .greeted(let peer, let hello, let reachable, let keyprint):
            guard sessions[peer]?.hello == nil else { return }
            if let reachable { markReachable(peer, reachable) }
            if let keyprint { recordProvenKey(peer, keyprint) }
            try? self.hello(peer, hello)
        case .filesAdded(let peer, let files):
            _ = applyFiles(peer, PreparedFile.batch(files, limits: limits)[...])
        case .filesRemoved(let peer, let hashes):
            _ = try? removeFiles(peer, hashes)
        case .classicAdded(let peer, let record):
            _ = try? addClassic(peer, record)
        case .closed(let peer):
            closeSession(peer)
        }
    }

    /// The sessions whose ids are in `range`: a node's peers, when that node is gone.
    public func sessions(in range: Range<UInt64>) -> [PeerID] {
        sessions.keys.filter { range.contains($0.number) }
    }
}
