import Model
import TerminalUI

extension AppState {
    /// Applies one message and returns what the runtime should do. Pure: no I/O, no clock.
    public mutating func update(_ message: AppMessage) -> [AppEffect] {
        switch message {
        case .key(let key):
            return handle(key)
        case .mouse(let event):
            return handle(event)
        case .resize(let width, let height):
            self.width = max(1, width)
            self.height = max(1, height)
            return []
        case .engine(let event):
            return apply(event)
        case .searchResults(let id, let title, let hits, let nextCursor, let append):
            guard id == searchID else { return [] }  // an older search answered late: a newer one is under way
            if append {
                history.extendShown(with: hits, nextCursor: nextCursor)
            } else {
                history.record(SearchHistory.Entry(title: title, results: hits, nextCursor: nextCursor))
            }
            results = append ? results + hits : hits
            resultsTitle = title
            listingCursor = nextCursor
            searching = false
            if !append {
                resultsTable.filter.clear()  // a filter typed for other results would hide these
                resultsTable.editingFilter = false
                resultsTable.list.home()
            }
            arrange(.search)
            if results.isEmpty { notice = ("nothing found for \(title)", .info) }
            return []
        case .sources(let hit, let sources, let thenBrowse):
            if sources.isEmpty {
                notice = ("nobody has \(hit.name) now", .warning)
                return []
            }
            if thenBrowse, sources.count == 1 { return [.browse(sources[0].peer)] }
            overlay = .sources(hit: hit, sources: sources, list: ListState(count: sources.count, visible: 8))
            return []
        case .browsed(let peer, let entries):
            var table = TableState(visible: 10), tree = BrowseTree()
            table.sort = browseSort
            Self.arrange(entries, table: &table, tree: &tree)
            overlay = .browse(peer: peer, entries: entries, table: table, tree: tree)
            if entries.isEmpty { notice = ("\(peer) shares nothing now", .info) }
            return []
        case .details(let id, let details):
            guard case .details(id, _, let list)? = overlay else { return [] }  // closed meanwhile
            guard let details else {
                overlay = nil
                notice = ("that transfer is gone", .warning)
                return []
            }
            overlay = .details(id: id, details: details, list: list)
            return []
        case .failed(let text):
            searching = false
            notice = (text, .error)
            return []
        case .themeApplied(let name):
            themeName = name
            notice = ("theme \(name)", .info)
            return []
        }
    }

    /// Takes in an engine event; a download that finishes or fails is announced as `notify` says.
    mutating func apply(_ event: EngineEvent) -> [AppEffect] {
        switch event {
        case .index(let state):
            index = state
        case .share(let status):
            shareStatus = status
        case .sharedFiles(let entries):
            shared = entries
            marks.shared = Set(entries.map(\.key))
            arrange(.shared)
        case .transfer(let snapshot):
            var effects: [AppEffect] = []
            if let index = transfers.firstIndex(where: { $0.id == snapshot.id }) {
                let finishing = Self.announcement(from: transfers[index], to: snapshot)
                transfers[index] = snapshot
                if let announcement = finishing.flatMap({ Self.group(of: snapshot) == nil ? $0 : folderAnnouncement(for: snapshot) }) {
                    effects = [.notify(announcement)]
                }
            } else {
                transfers.append(snapshot)
            }
            arrange(.transfers)
            noteTransferKeys()
            if notify == .off { effects = [] }
            if notify == .bell { effects = effects.map { _ in .notify(.bell) } }
            if case .details(snapshot.id, _, _)? = overlay { effects.append(.transferDetails(snapshot.id)) }
            return effects
        case .transferRemoved(let id):
            transfers.removeAll { $0.id == id }
            arrange(.transfers)
            noteTransferKeys()
        case .downloadedFiles(let keys):
            marks.downloaded = Set(keys)
        case .fileDownloaded(let key):
            marks.downloaded.insert(key)
        case .problem(let text):
            notice = (text, .error)
        }
        return []
    }

    /// What to announce when a download goes from `old` to `new`: completed or failed, seen happen (a
    /// window that attaches to a peer is told of earlier ones as they are, and announces none of them).
    static func announcement(from old: TransferSnapshot, to new: TransferSnapshot) -> TerminalNotification? {
        guard new.direction == .download, !old.state.isFinished, new.state.isFinished else { return nil }
        switch new.state {
        case .completed: return .desktop(title: "Shoal: downloaded", body: new.name)
        case .failed: return .desktop(title: "Shoal: download failed", body: "\(new.name): \(new.lastError ?? "failed")")
        default: return nil
        }
    }

    /// A file of a folder download finished: the folder is announced once, when its last file is done.
    func folderAnnouncement(for snapshot: TransferSnapshot) -> TerminalNotification? {
        guard let folder = Self.group(of: snapshot) else { return nil }
        let members = transfers.filter { Self.group(of: $0) == folder }
        guard members.allSatisfy(\.state.isFinished) else { return nil }
        let failed = members.filter { $0.state == .failed }.count
        return failed == 0
            ? .desktop(title: "Shoal: downloaded", body: "\(folder)/ (\(members.count) file\(members.count == 1 ? "" : "s"))")
            : .desktop(title: "Shoal: download failed", body: "\(folder)/: \(failed) of \(members.count) files failed")
    }

    /// Keeps the transfers' marks up to date: downloads completed, and downloads not finished.
    mutating func noteTransferKeys() {
        let downloads = transfers.filter { $0.direction == .download }
        marks.completed = Set(downloads.filter { $0.state == .completed }.map(\.key))
        marks.queued = Set(downloads.filter { !$0.state.isFinished }.map(\.key))
    }
}
