import Foundation
import Model
import TerminalUI

extension AppState {
    /// Keys while an overlay is open. Esc (or the quit key) closes the lists; `y`/`n` answer questions.
    mutating func handle(_ key: Key, over overlay: Overlay) -> [AppEffect] {
        let closing = key == .escape || keys.keys(for: .quit).contains(key)
        switch overlay {
        case .help(var list):
            guard let action = keys.listAction(for: key), action != .filter, action != .sort, action != .sortReverse else {
                self.overlay = nil
                return []
            }
            list.move(action)
            self.overlay = .help(list)
        case .details(let id, let details, var list):
            if closing || key == .enter { self.overlay = nil; return [] }
            if let transfer = details?.transfer, transfer.direction == .download, !transfer.state.isFinished {
                if keys.keys(for: .pause).contains(key) { return [.engine(transfer.state == .paused ? .resume(id) : .pause(id))] }
                if keys.keys(for: .cancel).contains(key) {
                    self.overlay = .confirm(question: "Cancel \(transfer.name)? Its partial data is deleted. y/n", action: .cancelTransfer(id))
                    return []
                }
            }
            if let action = keys.listAction(for: key) { list.move(action) }
            self.overlay = .details(id: id, details: details, list: list)
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
            if closing { self.overlay = nil; return [] }
            if key == .enter || keys.keys(for: .download).contains(key) {
                self.overlay = nil
                let source = sources[list.selected]
                notice = ("downloading \(hit.name) from \(source.peer)", .info)
                return [.engine(.download(hit.key, name: hit.key.savedName(hit.name), size: hit.size, from: source.peer))]
            }
            if keys.keys(for: .browse).contains(key) {
                self.overlay = nil
                return [.browse(sources[list.selected].peer)]
            }
            if let action = keys.listAction(for: key) { list.move(action) }
            self.overlay = .sources(hit: hit, sources: sources, list: list)
        case .browse(let peer, let entries, var table):
            if table.editingFilter {
                switch key {
                case .escape: table.filter.clear(); table.editingFilter = false
                case .enter: table.editingFilter = false
                case .up: table.list.moveBy(-1)
                case .down: table.list.moveBy(1)
                default: _ = table.filter.edit(key)
                }
                table.arrange(entries)
                self.overlay = .browse(peer: peer, entries: entries, table: table)
                return []
            }
            if key == .escape, table.isFiltered {
                table.filter.clear()
                table.arrange(entries)
                self.overlay = .browse(peer: peer, entries: entries, table: table)
                return []
            }
            if closing { self.overlay = nil; return [] }
            if key == .enter || keys.keys(for: .download).contains(key) {
                guard let row = table.selectedRow else { return [] }
                let entry = entries[row]
                self.overlay = nil
                notice = ("downloading \(entry.name) from \(peer)", .info)
                // A classic item is saved as rfcN.txt whatever its title (which may hold a slash: "TCP/IP …").
                let name = entry.key.savedName(entry.name)
                return [.engine(.download(entry.key, name: name, size: entry.size, from: peer))]
            }
            var effects: [AppEffect] = []
            switch keys.listAction(for: key) {
            case .filter?: table.editingFilter = true
            case let action? where action == .sort || action == .sortReverse:
                browseSort = action == .sort ? browseSort.next(among: Self.browseSortColumns) : browseSort.reversed
                table.sort = browseSort
                table.arrange(entries)
                effects = [.savePreferences(preferences)]
            case let action?: table.list.move(action)
            case nil: break
            }
            self.overlay = .browse(peer: peer, entries: entries, table: table)
            return effects
        }
        return []
    }
}
