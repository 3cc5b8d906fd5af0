import Model
import TerminalUI

/// Help, confirmations, a file's sources and a peer's files, in a box over the panes.
enum OverlayView {
    static let helpLines = [
        "Tab / Shift-Tab   next / previous pane;  1 2 3  Shared, Search, Transfers",
        "↑ ↓  j k  PgUp PgDn  g G  Home End   move",
        "/                 search (Enter on an empty search lists every file)",
        "Enter  (Search)   download from every peer that has the file",
        "s  (Search)       who has it; Enter there downloads from that peer",
        "b  (Search)       browse a peer's files; Enter downloads from it",
        "p x c (Transfers) pause or resume, cancel, clear finished",
        "r  (Shared)       rescan the shared folder now",
        "t                 next theme;   ?  this help;   q  quit;   Ctrl-C  quit",
        "Attached to a peer: q leaves it running; Q stops it too (asks first)",
    ]

    static func render(_ state: inout AppState, in area: Rect, on grid: inout CellGrid) {
        switch state.overlay {
        case .help?:
            let box = centered(in: area, width: 78, height: helpLines.count + 2)
            grid.fill(box)
            let inside = Box(title: "Keys", focused: true).render(in: box, on: &grid)
            for (row, line) in helpLines.enumerated() where row < inside.height {
                grid.write(line, x: inside.x, y: inside.y + row, maxWidth: inside.width)
            }
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
            Table(columns: [.init("Peer", width: .fixed(12)), .init("Name", width: .fill),
                            .init("Address", width: .fixed(22)), .init("Kind", width: .fixed(7)), .init("Reach", width: .fixed(5))],
                  rows: rows, focused: true).render(in: inside, on: &grid, state: &list)
            state.overlay = .sources(hit: hit, sources: sources, list: list)
        case .browse(let peer, let entries, var list)?:
            let box = centered(in: area, width: 76, height: min(area.height, max(entries.count, 1) + 4))
            grid.fill(box)
            let inside = Box(title: "Files of \(peer) (\(entries.count))", focused: true).render(in: box, on: &grid)
            let rows = entries.map { [Table.Value.text($0.name), .text($0.size.map(ByteCount.format) ?? "-")] }
            Table(columns: [.init("Name", width: .fill), .init("Size", width: .fixed(9), alignRight: true)],
                  rows: rows, focused: true, emptyText: "no files").render(in: inside, on: &grid, state: &list)
            state.overlay = .browse(peer: peer, entries: entries, list: list)
        case nil:
            break
        }
    }

    private static func centered(in area: Rect, width: Int, height: Int) -> Rect {
        let w = min(width, area.width), h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }
}
