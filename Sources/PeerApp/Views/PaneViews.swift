import Model
import TerminalUI

/// The three panes.
enum PaneViews {
    static func shared(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        let status = state.shareStatus
        var title = "1 Shared (\(state.shared.count))"
        if status.isHashing { title += " hashing \(status.hashed)/\(status.files)" }
        let inside = Box(title: title, focused: state.focus == .shared).render(in: rect, on: &grid)
        let shared = state.shared
        Table(columns: [.init("Name", width: .fill), .init("Size", width: .fixed(9), alignRight: true)], rowCount: shared.count,
              focused: state.focus == .shared, emptyText: "nothing shared: put files in the uploads folder") { index in
            [.text(shared[index].name), .text(shared[index].size.map(ByteCount.format) ?? "-")]
        }
        .render(in: inside, on: &grid, state: &state.sharedList)
    }

    static func search(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        var title = "2 Search"
        if !state.resultsTitle.isEmpty { title += ": \(state.resultsTitle) (\(state.results.count)\(state.listingCursor != nil ? "+" : ""))" }
        let inside = Box(title: title, focused: state.focus == .search).render(in: rect, on: &grid)
        let (inputRow, body) = inside.splitTop(1)
        state.searchInput.render(prompt: "/ ", in: inputRow, on: &grid, showCursor: state.editingSearch)
        if state.searching, state.results.isEmpty {
            grid.write("searching…", x: body.x, y: body.y, role: .dim, maxWidth: body.width)
            return
        }
        let results = state.results
        // Wide enough for "12 (3 NAT)" only when some result has sources behind NAT.
        let peersWidth = results.contains { ($0.reachableSources ?? $0.sources) < $0.sources } ? 10 : 5
        Table(columns: [.init("Name", width: .fill), .init("Size", width: .fixed(9), alignRight: true),
                        .init("Peers", width: .fixed(peersWidth), alignRight: true), .init("Type", width: .fixed(5))],
              rowCount: results.count, focused: state.focus == .search,
              emptyText: state.resultsTitle.isEmpty ? "press / and type what you are looking for" : "no results") { index in
            let hit = results[index]
            return [.text(hit.name), .text(hit.size.map(ByteCount.format) ?? "-"), .text(hit.sourcesLabel), .text(hit.typeLabel)]
        }
        .render(in: body, on: &grid, state: &state.resultsList)
    }

    static func transfers(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        let inside = Box(title: "3 Transfers (\(state.transfers.count))", focused: state.focus == .transfers)
            .render(in: rect, on: &grid)
        // Columns by priority: narrow terminals drop speed, ETA and sources before they squeeze the name.
        let detail = inside.width >= 66, bar = inside.width >= 40
        let rows = state.transfers.map { t -> [Table.Value] in
            let fraction = t.fraction
            let moving = t.state == .downloading || t.state == .uploading
            var row: [Table.Value] = [.text(t.direction == .download ? "↓" : "↑"), .text(t.name)]
            if bar { row.append(.custom { rect, grid in ProgressBar(fraction: fraction).render(in: rect, on: &grid) }) }
            row.append(.text(fraction.map { "\(Int(($0 * 100).rounded(.down)))%" } ?? "-"))
            if detail {
                row += [.text(moving ? ByteCount.format(UInt64(t.bytesPerSecond)) + "/s" : ""),
                        .text(t.state == .downloading ? ByteCount.duration(t.secondsRemaining) : ""),
                        .text(t.direction == .download && moving ? String(t.activeSources) : "")]
            }
            row.append(.text(t.state.rawValue))
            return row
        }
        var columns: [Table.Column] = [.init("", width: .fixed(1)), .init("Name", width: .fill(weight: 1, minimum: 8))]
        if bar { columns.append(.init("Progress", width: .fixed(inside.width >= 100 ? 20 : 10))) }
        columns.append(.init("%", width: .fixed(4), alignRight: true))
        if detail {
            columns += [.init("Speed", width: .fixed(11), alignRight: true), .init("ETA", width: .fixed(7), alignRight: true),
                        .init("Src", width: .fixed(3), alignRight: true)]
        }
        columns.append(.init("State", width: .fixed(11)))
        Table(columns: columns, rows: rows, focused: state.focus == .transfers, emptyText: "no transfers yet")
            .render(in: inside, on: &grid, state: &state.transfersList)
        if let selected = state.selectedTransfer, let error = selected.lastError, inside.height > 2, state.focus == .transfers {
            grid.write(error, x: inside.x, y: inside.maxY - 1, role: .statusError, maxWidth: inside.width)
        }
    }
}
