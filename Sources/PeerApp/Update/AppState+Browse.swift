import Model
import TerminalUI

extension AppState {
    /// Keys in a peer's files: the filter (typed, Enter keeps it, Esc clears it), folders opened and closed,
    /// a file downloaded (Enter), a folder downloaded with its folders (`d`), sorting and moving.
    mutating func handleBrowse(_ key: Key, peer: PeerID, entries: [SharedFileEntry], table: inout TableState,
                               tree: inout BrowseTree) -> [AppEffect] {
        if table.editingFilter {
            guard table.editFilter(key) else { return [] }
            Self.arrange(entries, table: &table, tree: &tree)
            return []
        }
        if key == .escape, table.isFiltered {
            table.filter.clear()
            Self.arrange(entries, table: &table, tree: &tree)
            return []
        }
        let row = tree.rows.indices.contains(table.list.selected) ? tree.rows[table.list.selected] : nil
        let action = keys.listAction(for: key) ?? ((key == .enter || keys.keys(for: .download).contains(key)) ? .download : nil)
        switch (action, row) {
        case (.download?, .file(let entry, _)?), (.downloadFolder?, .file(let entry, _)?):
            overlay = nil
            let file = entries[entry]
            notice = ("downloading \(SharePath.fileName(file.name)) from \(peer)", .info)
            return [.engine(.download(file.key, name: file.key.savedName(file.name), size: file.size, from: peer))]
        case (.downloadFolder?, .folder(let path, _, _, _)?):
            overlay = nil
            let files = BrowseTree.files(under: path, in: entries)
            notice = ("downloading \(SharePath.fileName(path))/ (\(files.count) file\(files.count == 1 ? "" : "s")) from \(peer)", .info)
            return files.map { .engine(.download(entries[$0.entry].key, name: $0.name, size: entries[$0.entry].size, from: peer)) }
        case (.download?, .folder(let path, _, _, let isOpen)?):
            if isOpen { tree.open.remove(path) } else { tree.open.insert(path) }
        case (.openFolder?, .folder(let path, _, _, false)?):
            tree.open.insert(path)
        case (.closeFolder?, .folder(let path, _, _, true)?):
            tree.open.remove(path)
        case (.closeFolder?, let row?):
            // Up to the folder this row is in.
            let path: String? = switch row {
            case .folder(let path, _, _, _): SharePath.folder(path)
            case .file(let entry, _): SharePath.folder(entries[entry].name)
            }
            if let path, let parent = tree.rows.firstIndex(where: { row in
                if case .folder(path, _, _, _) = row { return true }
                return false
            }) {
                table.list.select(parent)
            }
            return []
        case (.filter?, _):
            table.editingFilter = true
            return []
        case (.sort?, _), (.sortReverse?, _):
            browseSort = action == .sort ? browseSort.next(among: Self.browseSortColumns) : browseSort.reversed
            table.sort = browseSort
            Self.arrange(entries, table: &table, tree: &tree)
            return [.savePreferences(preferences)]
        case (let movement?, _):
            table.list.move(movement)
            return []
        case (nil, _):
            return []
        }
        Self.arrange(entries, table: &table, tree: &tree)
        return []
    }

    /// Filters and sorts a peer's files, then lays out the tree; the selection stays on the same row.
    static func arrange(_ entries: [SharedFileEntry], table: inout TableState, tree: inout BrowseTree) {
        let kept = tree.rows.indices.contains(table.list.selected) ? tree.rows[table.list.selected] : nil
        table.arrange(entries, keepingSelection: false)
        tree.rebuild(entries: entries, order: table.rows, openAll: table.isFiltered)
        table.list.setCount(tree.rows.count)
        guard let kept else { return }
        let same = tree.rows.firstIndex { row in
            switch (row, kept) {
            case (.file(let a, _), .file(let b, _)): return a == b
            case (.folder(let a, _, _, _), .folder(let b, _, _, _)): return a == b
            default: return false
            }
        }
        if let same { table.list.select(same) }
    }
}
