import Foundation
import Model
import TerminalUI

extension AppState {
    mutating func handle(_ key: Key) -> [AppEffect] {
        if key == .control("c") { return [.quit] }
        if let overlay { return handle(key, over: overlay) }
        if editingSearch { return edit(key) }
        notice = nil
        switch key {
        case .character("q") where face != .peer:
            return [.quit]  // detach: the peer and its transfers go on
        case .character("Q") where face != .peer:
            overlay = .confirm(question: "Stop the peer too? Its uploads and downloads stop (downloads resume when it starts again). y/n",
                               action: .stopPeer)
            return []
        case .character("q"), .character("Q"):
            if activeDownloads > 0 {
                overlay = .confirm(question: "Quit? \(activeDownloads) download\(activeDownloads == 1 ? " is" : "s are") running (they resume next time). y/n",
                                   action: .quit)
                return []
            }
            return [.quit]
        case .tab: focus = focus.next
        case .backTab: focus = focus.previous
        case .character("1"): focus = .shared
        case .character("2"): focus = .search
        case .character("3"): focus = .transfers
        case .character("/"):
            focus = .search
            editingSearch = true
        case .character("?"): overlay = .help
        case .character("t"): return [.nextTheme]
        case .up, .character("k"): return move { $0.moveBy(-1) }
        case .down, .character("j"): return move { $0.moveBy(1) }
        case .pageUp: return move { $0.pageUp() }
        case .pageDown: return move { $0.pageDown() }
        case .home, .character("g"): return move { $0.home() }
        case .end, .character("G"): return move { $0.end() }
        default: return paneKey(key)
        }
        return []
    }

    /// Moves the focused pane's selection; reaching the end of a listing asks for its next page.
    private mutating func move(_ change: (inout ListState) -> Void) -> [AppEffect] {
        switch focus {
        case .shared: change(&sharedList)
        case .transfers: change(&transfersList)
        case .search:
            change(&resultsList)
            if let cursor = listingCursor, !searching, resultsList.selected >= results.count - 1 {
                searching = true
                searchID += 1
                return [.listAll(cursor: cursor, append: true, id: searchID)]
            }
        }
        return []
    }

    private mutating func paneKey(_ key: Key) -> [AppEffect] {
        switch (focus, key) {
        case (.search, .enter):
            guard let hit = selectedResult else { return [] }
            notice = ("downloading \(hit.name) from every source", .info)
            return [.engine(.download(hit.key, name: hit.key.savedName(hit.name), size: hit.size, from: nil))]
        case (.search, .character("s")):
            guard let hit = selectedResult else { return [] }
            return [.lookup(hit, thenBrowse: false)]
        case (.search, .character("b")):
            guard let hit = selectedResult else { return [] }
            return [.lookup(hit, thenBrowse: true)]
        case (.transfers, .character("p")):
            guard let transfer = selectedTransfer, transfer.direction == .download, !transfer.state.isFinished else { return [] }
            return [.engine(transfer.state == .paused ? .resume(transfer.id) : .pause(transfer.id))]
        case (.transfers, .character("x")):
            guard let transfer = selectedTransfer, transfer.direction == .download, !transfer.state.isFinished else { return [] }
            overlay = .confirm(question: "Cancel \(transfer.name)? Its partial data is deleted. y/n",
                               action: .cancelTransfer(transfer.id))
        case (.transfers, .character("c")):
            return [.engine(.clearFinished)]
        case (.shared, .character("r")):
            notice = ("rescanning the shared folder", .info)
            return [.engine(.rescan)]
        default:
            break
        }
        return []
    }

    private mutating func edit(_ key: Key) -> [AppEffect] {
        switch key {
        case .character(let character): searchInput.insert(character)
        case .backspace: searchInput.backspace()
        case .delete: searchInput.delete()
        case .left: searchInput.left()
        case .right: searchInput.right()
        case .home: searchInput.home()
        case .end: searchInput.end()
        case .control("u"): searchInput.clearToStart()
        case .control("w"): searchInput.deleteWordBackward()
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

    private mutating func handle(_ key: Key, over overlay: Overlay) -> [AppEffect] {
        switch overlay {
        case .help:
            self.overlay = nil
        case .confirm(_, let action):
            if key == .character("y") || key == .character("Y") {
                self.overlay = nil
                switch action {
                case .quit: return [.quit]
                case .stopPeer: return [.engine(.stopPeer), .quit]
                case .cancelTransfer(let id): return [.engine(.cancel(id))]
                }
            }
            if [.character("n"), .character("N"), .escape, .character("q")].contains(key) { self.overlay = nil }
        case .sources(let hit, let sources, var list):
            switch key {
            case .escape, .character("q"): self.overlay = nil
            case .enter:
                self.overlay = nil
                let source = sources[list.selected]
                notice = ("downloading \(hit.name) from \(source.peer)", .info)
                return [.engine(.download(hit.key, name: hit.key.savedName(hit.name), size: hit.size, from: source.peer))]
            case .character("b"):
                self.overlay = nil
                return [.browse(sources[list.selected].peer)]
            default:
                moveList(&list, key)
                self.overlay = .sources(hit: hit, sources: sources, list: list)
            }
        case .browse(let peer, let entries, var list):
            switch key {
            case .escape, .character("q"): self.overlay = nil
            case .enter:
                guard list.selected < entries.count else { return [] }
                let entry = entries[list.selected]
                self.overlay = nil
                notice = ("downloading \(entry.name) from \(peer)", .info)
                // A classic item is saved as rfcN.txt whatever its title (which may hold a slash: "TCP/IP …").
                let name = entry.key.savedName((entry.name as NSString).lastPathComponent)
                return [.engine(.download(entry.key, name: name, size: entry.size, from: peer))]
            default:
                moveList(&list, key)
                self.overlay = .browse(peer: peer, entries: entries, list: list)
            }
        }
        return []
    }

    private func moveList(_ list: inout ListState, _ key: Key) {
        switch key {
        case .up, .character("k"): list.moveBy(-1)
        case .down, .character("j"): list.moveBy(1)
        case .pageUp: list.pageUp()
        case .pageDown: list.pageDown()
        case .home, .character("g"): list.home()
        case .end, .character("G"): list.end()
        default: break
        }
    }

    var selectedResult: SearchHit? {
        results.indices.contains(resultsList.selected) ? results[resultsList.selected] : nil
    }

    var selectedTransfer: TransferSnapshot? {
        transfers.indices.contains(transfersList.selected) ? transfers[transfersList.selected] : nil
    }
}
