import Foundation
import Model
import TerminalUI

extension AppState {
    /// Keys while an overlay is open. Esc (or the quit key) closes the lists; `y`/`n` answer questions.
    mutating func handle(_ key: Key, over overlay: Overlay) -> [AppEffect] {
        let closing = key == .escape || keys.keys(for: .quit).contains(key)
        switch overlay {
        case .help(var list):
            guard let action = keys.listAction(for: key), [.up, .down, .pageUp, .pageDown, .top, .bottom].contains(action) else {
                self.overlay = nil
                return []
            }
            list.move(action)
            self.overlay = .help(list)
        case .details(let id, let details, var list):
            if closing || key == .enter { self.overlay = nil; return [] }
            if let transfer = details?.transfer {
                if keys.keys(for: .pause).contains(key) { return Self.pauseOrResume(transfer).map { [$0] } ?? [] }
                if keys.keys(for: .cancel).contains(key) {
                    self.overlay = Self.cancelQuestion(transfer) ?? overlay
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
                case .cancelTransfers(let ids): return ids.map { .engine(.cancel($0)) }
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
        case .browse(let peer, let entries, var table, var tree):
            if !table.editingFilter, !table.isFiltered, closing { self.overlay = nil; return [] }
            let effects = handleBrowse(key, peer: peer, entries: entries, table: &table, tree: &tree)
            if case .browse? = self.overlay { self.overlay = .browse(peer: peer, entries: entries, table: table, tree: tree) }
            return effects
        }
        return []
    }
}
