import Foundation
import Model
import TerminalUI

extension AppState {
    mutating func handle(_ key: Key) -> [AppEffect] {
        if key == .control("c") { return [.quit] }
        if let overlay { return handle(key, over: overlay) }
        if editingSearch { return edit(key) }
        if self[keyPath: Self.table(focus)].editingFilter { return editFilter(key) }
        notice = nil
        if key == .escape, self[keyPath: Self.table(focus)].isFiltered {
            self[keyPath: Self.table(focus)].filter.clear()
            arrange(focus)
            return []
        }
        guard let action = keys.action(for: key, in: focus) else { return [] }
        return perform(action)
    }

    /// Does what `action` does in the panes.
    mutating func perform(_ action: KeyAction) -> [AppEffect] {
        if focus == .transfers, selectedGroup != nil,
           [.details, .openFolder, .closeFolder, .pause, .cancel, .priorityUp, .priorityDown].contains(action) {
            return performOnGroup(action)
        }
        switch action {
        case .quit where face != .peer:
            return [.quit]  // detach: the peer and its transfers go on
        case .stopPeer where face != .peer:
            overlay = .confirm(question: "Stop the peer too? Its uploads and downloads stop (downloads resume when it starts again). y/n",
                               action: .stopPeer)
        case .quit, .stopPeer:
            if activeDownloads > 0 {
                overlay = .confirm(question: "Quit? \(activeDownloads) download\(activeDownloads == 1 ? " is" : "s are") running (they resume next time). y/n",
                                   action: .quit)
                return []
            }
            return [.quit]
        case .nextPane: focus = focus.next
        case .previousPane: focus = focus.previous
        case .sharedPane: focus = .shared
        case .searchPane: focus = .search
        case .transfersPane: focus = .transfers
        case .search:
            focus = .search
            editingSearch = true
        case .olderSearch, .newerSearch:
            focus = .search
            guard let entry = history.step(action == .olderSearch ? -1 : 1) else {
                notice = (history.entries.isEmpty ? "no searches yet" : action == .olderSearch ? "this is the oldest search" : "this is the newest search", .info)
                return []
            }
            searchID += 1  // an answer still on its way is for a search no longer shown
            searching = false
            results = entry.results
            resultsTitle = entry.title
            listingCursor = entry.nextCursor
            resultsTable.filter.clear()
            resultsTable.list.home()
            arrange(.search)
        case .help: overlay = .help(ListState(count: OverlayView.helpLines(keys).count, visible: 1))
        case .theme: return [.nextTheme]
        case .filter: self[keyPath: Self.table(focus)].editingFilter = true
        case .sort, .sortReverse:
            let path = Self.table(focus)
            self[keyPath: path].sort = action == .sort ? self[keyPath: path].sort.next(among: Self.sortColumns(focus))
                : self[keyPath: path].sort.reversed
            arrange(focus)
            return [.savePreferences(preferences)]
        case .up, .down, .pageUp, .pageDown, .top, .bottom:
            return move { $0.move(action) }
        case .download:
            guard let hit = selectedResult else { return [] }
            notice = ("downloading \(hit.name) from every source", .info)
            return [.engine(.download(hit.key, name: hit.key.savedName(hit.name), size: hit.size, from: nil))]
        case .sources, .browse:
            guard let hit = selectedResult else { return [] }
            return [.lookup(hit, thenBrowse: action == .browse)]
        case .closeFolder where focus == .transfers:
            // On a file of an open folder download: close it, and select its row.
            guard case .transfer(let index, _, true)? = selectedTransferRow, let group = Self.group(of: transfers[index]) else { return [] }
            openGroups.remove(group)
            arrange(.transfers)
            if let row = transferRows.firstIndex(where: { if case .group(group, _) = $0 { return true } else { return false } }) {
                transfersTable.list.select(row)
            }
        case .openFolder, .closeFolder, .downloadFolder:
            break  // for folder downloads here, and a peer's files
        case .details:
            guard let transfer = selectedTransfer else { return [] }
            overlay = .details(id: transfer.id, details: nil, list: ListState(count: 0, visible: 1))
            return [.transferDetails(transfer.id)]
        case .pause:
            return selectedTransfer.flatMap(Self.pauseOrResume).map { [$0] } ?? []
        case .cancel:
            overlay = selectedTransfer.flatMap(Self.cancelQuestion) ?? overlay
        case .priorityUp, .priorityDown:
            guard let transfer = selectedTransfer, transfer.direction == .download, !transfer.state.isFinished else { return [] }
            let priority = transfer.priority.stepped(action == .priorityUp ? 1 : -1)
            guard priority != transfer.priority else { return [] }
            notice = ("\(transfer.name): \(priority) priority", .info)
            return [.engine(.setPriority(transfer.id, priority))]
        case .moveUp, .moveDown:
            guard let transfer = selectedTransfer, transfer.direction == .download, !transfer.state.isFinished else { return [] }
            return [.engine(.moveInQueue(transfer.id, by: action == .moveUp ? -1 : 1))]
        case .clearFinished:
            return [.engine(.clearFinished)]
        case .rescan:
            notice = ("rescanning the shared folder", .info)
            return [.engine(.rescan)]
        }
        return []
    }

    /// `p` on a download not finished: pauses it, or resumes it when paused.
    static func pauseOrResume(_ transfer: TransferSnapshot) -> AppEffect? {
        guard transfer.direction == .download, !transfer.state.isFinished else { return nil }
        return .engine(transfer.state == .paused ? .resume(transfer.id) : .pause(transfer.id))
    }

    /// `x` on a download not finished: the question asked before it is cancelled.
    static func cancelQuestion(_ transfer: TransferSnapshot) -> Overlay? {
        guard transfer.direction == .download, !transfer.state.isFinished else { return nil }
        return .confirm(question: "Cancel \(transfer.name)? Its partial data is deleted. y/n", action: .cancelTransfer(transfer.id))
    }

    /// Moves the focused pane's selection; reaching the end of a listing asks for its next page.
    mutating func move(_ change: (inout ListState) -> Void) -> [AppEffect] {
        change(&self[keyPath: Self.table(focus)].list)
        if focus == .search, let cursor = listingCursor, !searching, !resultsTable.isFiltered,
           resultsTable.list.selected >= results.count - 1 {
            searching = true
            searchID += 1
            return [.listAll(cursor: cursor, append: true, id: searchID)]
        }
        return []
    }

    /// The focused pane's filter input has the keys: typing narrows the rows at once (``TableState/editFilter(_:)``);
    /// Tab leaves it for the next pane; ↑ ↓ move the selection (a listing's next page comes as usual).
    private mutating func editFilter(_ key: Key) -> [AppEffect] {
        let path = Self.table(focus)
        switch key {
        case .tab, .backTab:
            self[keyPath: path].editingFilter = false
            return handle(key)
        case .up, .down:
            return move { $0.moveBy(key == .up ? -1 : 1) }
        default:
            guard self[keyPath: path].editFilter(key) else { return [] }
            arrange(focus)
            return []
        }
    }

    private mutating func edit(_ key: Key) -> [AppEffect] {
        if searchInput.edit(key) { return [] }
        switch key {
        case .escape: editingSearch = false
        case .tab, .backTab:
            editingSearch = false
            return handle(key)
        case .enter:
            editingSearch = false
            searching = true
            let words = NameTokenizer.words(searchInput.text)
            if words.isEmpty {
                resultsTitle = "all files"
                searchID += 1
                return [.listAll(cursor: 0, append: false, id: searchID)]
            }
            guard words.contains(where: { $0.count >= 2 }) else {
                searching = false
                notice = ("type at least one word of two letters or more", .warning)
                return []
            }
            resultsTitle = searchInput.text
            searchID += 1
            return [.search(SearchQuery(keywords: Array(words.prefix(8)), limit: 500), id: searchID)]
        default:
            break
        }
        return []
    }
}

extension ListState {
    /// Applies a movement action (up, down, page up, page down, first row, last row).
    mutating func move(_ action: KeyAction) {
        switch action {
        case .up: moveBy(-1)
        case .down: moveBy(1)
        case .pageUp: pageUp()
        case .pageDown: pageDown()
        case .top: home()
        case .bottom: end()
        default: break
        }
    }
}
