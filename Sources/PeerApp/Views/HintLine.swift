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
        if state.overlay != nil {
            switch state.overlay {
            case .confirm?: return [("y", "yes"), ("n", "no")]
            case .sources?: return [("Enter", "download from this peer"), ("b", "browse peer"), ("Esc", "close")]
            case .browse?: return [("Enter", "download"), ("Esc", "close")]
            default: return [("any key", "close")]
            }
        }
        if state.editingSearch {
            return [("Enter", state.searchInput.text.isEmpty ? "list every file" : "search"), ("Esc", "leave"), ("Ctrl-U", "clear")]
        }
        var hints: [(String, String)]
        switch state.focus {
        case .search where state.results.isEmpty:
            hints = [("/", "type to search (Enter on empty lists every file)")]
        case .search:
            hints = [("Enter", "download"), ("s", "sources"), ("b", "browse peer"), ("/", "search")]
        case .transfers:
            hints = [("p", "pause/resume"), ("x", "cancel"), ("c", "clear finished")]
        case .shared:
            hints = [("r", "rescan"), ("/", "search")]
        }
        let leave: [(String, String)] = state.face == .peer ? [("q", "quit")] : [("q", "detach"), ("Q", "stop peer")]
        return [("?", "help")] + leave + hints + [("Tab", "pane"), ("t", "theme")]
    }
}
