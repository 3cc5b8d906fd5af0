import TerminalUI

/// The bottom line: a notice when there is one, otherwise the keys that make sense right now. In the
/// demo, the guide's step follows the notice (or stands alone) unless an overlay or the search input
/// has the keys.
enum HintLine {
    static func render(_ state: AppState, in rect: Rect, on grid: inout CellGrid) {
        let guided = state.demoGuide && state.overlay == nil && !state.editingSearch
        var rest = rect
        if let notice = state.notice {
            let role: StyleRole = notice.severity == .error ? .statusError : notice.severity == .warning ? .statusWarning : .statusOK
            let width = grid.write(notice.text, x: rect.x, y: rect.y, role: role, maxWidth: rect.width)
            guard guided else { return }
            rest = Rect(x: rect.x + width + 3, y: rect.y, width: max(0, rect.width - width - 3), height: rect.height)
        }
        HintBar(guided ? DemoGuide.hints(for: state) : hints(for: state)).render(in: rest, on: &grid)
    }

    static func hints(for state: AppState) -> [(key: String, label: String)] {
        let keys = state.keys
        func hint(_ action: KeyAction, _ label: String) -> (String, String) { (keys.hint(for: action), label) }
        if state.overlay != nil {
            switch state.overlay {
            case .confirm?: return [("y", "yes"), ("n", "no")]
            case .sources?: return [("Enter", "download from this peer"), hint(.browse, "browse peer"), ("Esc", "close")]
            case .browse(_, _, let table, _)? where table.editingFilter:
                return [("type", "to filter"), ("Enter", "keep"), ("Esc", "clear")]
            case .browse?:
                return [("Enter", "download / open"), hint(.downloadFolder, "download folder"), hint(.openFolder, "open"),
                        hint(.closeFolder, "close"), hint(.filter, "filter"), hint(.sort, "sort"), ("Esc", "close")]
            case .details?: return [hint(.pause, "pause/resume"), hint(.cancel, "cancel"), ("↑ ↓", "sources"), ("Esc", "close")]
            default: return [("↑ ↓", "scroll"), ("any key", "close")]
            }
        }
        if state.editingSearch {
            return [("Enter", state.searchInput.text.isEmpty ? "list every file" : "search"), ("Esc", "leave"), ("Ctrl-U", "clear")]
        }
        let table = state[keyPath: AppState.table(state.focus)]
        if table.editingFilter { return [("type", "to filter (\(table.countLabel))"), ("Enter", "keep"), ("Esc", "clear")] }
        var hints: [(String, String)]
        switch state.focus {
        case .search where state.results.isEmpty:
            hints = [hint(.search, "type to search (Enter on empty lists every file)")]
        case .search:
            hints = [hint(.download, "download"), hint(.sources, "sources"), hint(.browse, "browse peer"), hint(.search, "search")]
        case .transfers:
            hints = [hint(.details, "details"), hint(.pause, "pause/resume"), hint(.cancel, "cancel"), hint(.clearFinished, "clear finished")]
        case .shared:
            hints = [hint(.rescan, "rescan"), hint(.search, "search")]
        }
        if table.isFiltered { hints.insert(("Esc", "clear filter"), at: 0) }
        let leave: [(String, String)] = state.face == .peer ? [hint(.quit, "quit")] : [hint(.quit, "detach"), hint(.stopPeer, "stop peer")]
        return [hint(.help, "help")] + leave + hints + [hint(.filter, "filter"), hint(.sort, "sort"), hint(.nextPane, "pane"), hint(.theme, "theme")]
    }
}
