import Model

extension AppState {
    /// The folder download under the selection, with its transfers.
    var selectedGroup: (folder: String, members: [TransferSnapshot])? {
        guard case .group(let folder, let members)? = selectedTransferRow else { return nil }
        return (folder, members.map { transfers[$0] })
    }

    /// An action on a folder download's row: Enter (or details) and → / ← open and close it; pause, cancel
    /// and the priority keys act on each of its downloads not finished.
    mutating func performOnGroup(_ action: KeyAction) -> [AppEffect] {
        guard let (folder, members) = selectedGroup else { return [] }
        let unfinished = members.filter { !$0.state.isFinished }
        switch action {
        case .details: if openGroups.contains(folder) { openGroups.remove(folder) } else { openGroups.insert(folder) }
        case .openFolder: openGroups.insert(folder)
        case .closeFolder: openGroups.remove(folder)
        case .pause:
            // All paused: resume them; otherwise pause every one still going.
            let paused = unfinished.allSatisfy { $0.state == .paused }
            return unfinished.filter { paused || $0.state != .paused }.map { .engine(paused ? .resume($0.id) : .pause($0.id)) }
        case .cancel:
            guard !unfinished.isEmpty else { return [] }
            overlay = .confirm(question: "Cancel \(folder)/ (\(unfinished.count) download\(unfinished.count == 1 ? "" : "s"))? Their partial data is deleted. y/n",
                               action: .cancelTransfers(unfinished.map(\.id)))
            return []
        case .priorityUp, .priorityDown:
            let step = action == .priorityUp ? 1 : -1
            return unfinished.filter { $0.priority.stepped(step) != $0.priority }.map { .engine(.setPriority($0.id, $0.priority.stepped(step))) }
        default:
            return []
        }
        arrange(.transfers)
        return []
    }

    /// A folder download's row: its files as one transfer (bytes, sizes, speeds and sources added up, so
    /// progress and ETA come as for any transfer), and its state in a few words.
    static func summary(of members: [TransferSnapshot]) -> (total: TransferSnapshot, state: String) {
        let sizes = members.compactMap(\.size)
        let done = members.reduce(0) { $0 + $1.bytesDone }
        let completed = members.filter { $0.state == .completed }.count
        let failed = members.filter { $0.state == .failed }.count, cancelled = members.filter { $0.state == .cancelled }.count
        let unfinished = members.filter { !$0.state.isFinished }
        var state: String
        if unfinished.isEmpty {
            state = completed == members.count ? "completed" : "\(completed) done"
        } else if unfinished.contains(where: { $0.state == .downloading || $0.state == .connecting }) {
            state = "\(completed)/\(members.count) done"
        } else {
            state = unfinished.allSatisfy { $0.state == .paused } ? "paused" : "queued"
        }
        if failed > 0 { state += ", \(failed) failed" }
        if cancelled > 0 { state += ", \(cancelled) cancelled" }
        let size = sizes.count == members.count ? sizes.reduce(0, +) : nil
        let total = TransferSnapshot(id: 0, direction: .download, key: members[0].key, name: "", size: size, bytesDone: done, bytesPerSecond: members.reduce(0) { $0 + $1.bytesPerSecond },
                                     activeSources: members.reduce(0) { $0 + $1.activeSources }, state: unfinished.isEmpty ? .completed : .downloading)
        return (total, state)
    }
}
