import Model
import TerminalUI

/// Help, confirmations, a file's sources and a peer's files, in a box over the panes.
enum OverlayView {
    /// The `?` overlay's lines: every action with its keys in force, then the keys that cannot be changed.
    static func helpLines(_ keys: KeyMap) -> [String] {
        let width = KeyAction.allCases.map { DisplayWidth.of(keys.label(for: $0)) }.max() ?? 0
        return KeyAction.allCases.map { action in
            let label = keys.label(for: action)
            return label + String(repeating: " ", count: max(1, width + 2 - DisplayWidth.of(label))) + action.summary
        } + [
            "Esc" + String(repeating: " ", count: max(1, width - 1)) + "close, leave an input, clear a filter;  Ctrl-C quits",
            "Mouse: click selects, double click is Enter, the wheel scrolls (mouse = false turns it off)",
            "Keys are changed in config.toml: [keys] download = \"D\"",
        ]
    }

    static func render(_ state: inout AppState, in area: Rect, on grid: inout CellGrid) {
        state.layout.overlayBody = nil
        switch state.overlay {
        case .help(var list)?:
            let lines = helpLines(state.keys)
            let box = centered(in: area, width: 96, height: lines.count + 2)
            grid.fill(box)
            let inside = Box(title: "Keys (↑ ↓ scroll, any other key closes)", focused: true).render(in: box, on: &grid)
            list.visible = max(1, inside.height)
            list.setCount(lines.count)
            for (row, index) in list.visibleRange.enumerated() where row < inside.height {
                grid.write(lines[index], x: inside.x, y: inside.y + row, maxWidth: inside.width)
            }
            state.layout.overlayBody = inside
            state.overlay = .help(list)
        case .confirm(let question, _)?:
            let box = centered(in: area, width: min(area.width, DisplayWidth.of(question) + 4), height: 3)
            grid.fill(box)
            let inside = Box(title: "Confirm", focused: true).render(in: box, on: &grid)
            grid.write(question, x: inside.x, y: inside.y, role: .statusWarning, maxWidth: inside.width)
        case .sources(let hit, let sources, var list)?:
            let box = centered(in: area, width: 76, height: min(area.height, sources.count + 4))
            grid.fill(box)
            let inside = Box(title: "Who has \(hit.name)", focused: true).render(in: box, on: &grid)
            let rows = sources.map { source -> [Table.Value] in
                [.text(source.peer.description), .text(source.nickname ?? "-"), .text("\(source.host):\(source.port)"),
                 .text(source.dialect.rawValue), .text(source.reachabilityLabel)]
            }
            state.layout.overlayBody = Table(columns: [.init("Peer", width: .fixed(12)), .init("Name", width: .fill),
                                                       .init("Address", width: .fixed(22)), .init("Kind", width: .fixed(7)), .init("Reach", width: .fixed(5))],
                                             rows: rows, focused: true).render(in: inside, on: &grid, state: &list)
            state.overlay = .sources(hit: hit, sources: sources, list: list)
        case .browse(let peer, let entries, var table, let tree)?:
            let filtered = table.editingFilter || table.isFiltered
            let box = centered(in: area, width: 76, height: min(area.height, max(tree.rows.count, 1) + 4 + (filtered ? 1 : 0)))
            grid.fill(box)
            let inside = Box(title: "Files of \(peer) (\(table.countLabel))", focused: true).render(in: box, on: &grid)
            let rows = tree.rows, sort = table.sort
            let area = PaneViews.filterRow(table, in: inside, on: &grid)
            state.layout.overlayBody = Table(
                columns: [.init(PaneViews.header("Name", sort), width: .fill), .init(PaneViews.header("Size", sort), width: .fixed(10), alignRight: true)],
                rowCount: rows.count, focused: true, emptyText: PaneViews.emptyText(table, otherwise: "no files")) { index in
                switch rows[index] {
                case .folder(let path, let depth, let files, let open):
                    let indent = String(repeating: "  ", count: depth)
                    return [.text("\(indent)\(open ? "▾" : "▸") \(SharePath.fileName(path))/"), .text("\(files) file\(files == 1 ? "" : "s")")]
                case .file(let entry, let depth):
                    let file = entries[entry]
                    let name = file.key.isContent ? SharePath.fileName(file.name) : file.name
                    return [.text(String(repeating: "  ", count: depth) + "  " + name),
                            .text(file.size.map(ByteCount.format) ?? "-")]
                }
            }.render(in: area, on: &grid, state: &table.list)
            state.overlay = .browse(peer: peer, entries: entries, table: table, tree: tree)
        case .details(let id, let details, var list)?:
            state.layout.overlayBody = DetailsView.render(id: id, details: details, list: &list, in: area, on: &grid)
            state.overlay = .details(id: id, details: details, list: list)
        case nil:
            break
        }
    }

    private static func centered(in area: Rect, width: Int, height: Int) -> Rect {
        let w = min(width, area.width), h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }
}
