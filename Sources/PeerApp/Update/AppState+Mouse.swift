import TerminalUI

extension AppState {
    /// Rows the wheel moves per notch.
    static let wheelRows = 3

    /// A click focuses the pane under it and selects the row; a double click is Enter there; the wheel
    /// scrolls the list under the pointer. Over an overlay with a list, the same inside it; a click
    /// outside it closes it.
    mutating func handle(_ event: MouseEvent) -> [AppEffect] {
        guard mouse else { return [] }
        if let overlay { return handle(event, over: overlay) }
        guard let pane = layout.panes.first(where: { $0.value.contains(x: event.x, y: event.y) })?.key else { return [] }
        editingSearch = false
        for other in Pane.allCases { self[keyPath: Self.table(other)].editingFilter = false }
        focus = pane
        switch event.kind {
        case .wheelUp: return move { $0.moveBy(-Self.wheelRows) }
        case .wheelDown: return move { $0.moveBy(Self.wheelRows) }
        case .click, .doubleClick:
            guard let body = layout.tableBodies[pane], body.contains(x: event.x, y: event.y) else { return [] }
            let path = Self.table(pane)
            let row = self[keyPath: path].list.offset + event.y - body.y
            guard row < self[keyPath: path].list.count else { return [] }
            self[keyPath: path].list.select(row)
            // A double click is Enter there: a result downloads, a transfer shows its details.
            guard event.kind == .doubleClick, let action = keys.action(for: .enter, in: pane) else { return move { _ in } }
            return perform(action)
        }
    }

    private mutating func handle(_ event: MouseEvent, over overlay: Overlay) -> [AppEffect] {
        guard let body = layout.overlayBody else { return [] }
        guard body.contains(x: event.x, y: event.y) else {
            if event.kind == .click, case .help = overlay { self.overlay = nil }
            return []
        }
        func pick(_ list: inout ListState) {
            switch event.kind {
            case .wheelUp: list.moveBy(-Self.wheelRows)
            case .wheelDown: list.moveBy(Self.wheelRows)
            case .click, .doubleClick: list.select(min(list.count - 1, list.offset + event.y - body.y))
            }
        }
        switch overlay {
        case .help(var list): pick(&list); self.overlay = .help(list)
        case .sources(let hit, let sources, var list): pick(&list); self.overlay = .sources(hit: hit, sources: sources, list: list)
        case .browse(let peer, let entries, var table, let tree):
            pick(&table.list)
            self.overlay = .browse(peer: peer, entries: entries, table: table, tree: tree)
        case .details(let id, let details, var list): pick(&list); self.overlay = .details(id: id, details: details, list: list)
        case .confirm: return []
        }
        return event.kind == .doubleClick ? handle(.enter, over: self.overlay ?? overlay) : []
    }
}
