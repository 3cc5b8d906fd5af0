import Model
import TerminalUI

/// The three panes. Each table shows its rows filtered and sorted (``TableState``); the sort column's
/// header carries ▲ or ▼, and a filter, while there is one, has the pane's last row.
enum PaneViews {
    static func shared(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        let status = state.shareStatus
        var title = "1 Shared (\(state.sharedTable.countLabel))"
        if status.isHashing { title += " hashing \(status.hashed)/\(status.files)" }
        let inside = Box(title: title, focused: state.focus == .shared).render(in: rect, on: &grid)
        let shared = state.shared, rows = state.sharedTable.rows, sort = state.sharedTable.sort
        let area = filterRow(state.sharedTable, in: inside, on: &grid)
        state.layout.panes[.shared] = rect
        state.layout.tableBodies[.shared] = Table(
            columns: [.init(header("Name", sort), width: .fill), .init(header("Size", sort), width: .fixed(9), alignRight: true)],
            rowCount: rows.count, focused: state.focus == .shared,
            emptyText: emptyText(state.sharedTable, otherwise: "nothing shared: put files in the uploads folder")) { index in
            let entry = shared[rows[index]]
            return [.text(entry.name), .text(entry.size.map(ByteCount.format) ?? "-")]
        }
        .render(in: area, on: &grid, state: &state.sharedTable.list)
    }

    static func search(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        var title = "2 Search"
        if !state.resultsTitle.isEmpty {
            title += ": \(state.resultsTitle) (\(state.resultsTable.countLabel)\(state.listingCursor != nil ? "+" : ""))"
            if let step = state.history.label { title += " [\(step)]" }
        }
        let inside = Box(title: title, focused: state.focus == .search).render(in: rect, on: &grid)
        state.layout.panes[.search] = rect
        let (inputRow, body) = inside.splitTop(1)
        state.searchInput.render(prompt: "/ ", in: inputRow, on: &grid, showCursor: state.editingSearch)
        if state.searching, state.results.isEmpty {
            grid.write("searching…", x: body.x, y: body.y, role: .dim, maxWidth: body.width)
            return
        }
        let results = state.results, rows = state.resultsTable.rows, sort = state.resultsTable.sort
        let marks = state.marks
        let area = filterRow(state.resultsTable, in: body, on: &grid)
        // Wide enough for "12 (3 NAT)" only when some result has sources behind NAT.
        let peersWidth = results.contains { ($0.reachableSources ?? $0.sources) < $0.sources } ? 10 : 5
        state.layout.tableBodies[.search] = Table(
            columns: [.init("", width: .fixed(1)), .init(header("Name", sort), width: .fill), .init(header("Size", sort), width: .fixed(9), alignRight: true),
                      .init(header("Peers", sort), width: .fixed(peersWidth), alignRight: true), .init(header("Type", sort), width: .fixed(sort.column == "Type" ? 6 : 5))],
            rowCount: rows.count, focused: state.focus == .search,
            emptyText: emptyText(state.resultsTable, otherwise: state.resultsTitle.isEmpty ? "press / and type what you are looking for" : "no results")) { index in
            let hit = results[rows[index]]
            let mark = marks.label(for: hit.key)
            return [.text(mark), .text(hit.name), .text(hit.size.map(ByteCount.format) ?? "-"), .text(hit.sourcesLabel), .text(hit.typeLabel)]
        }
        .render(in: area, on: &grid, state: &state.resultsTable.list)
    }

    static func transfers(_ state: inout AppState, in rect: Rect, on grid: inout CellGrid) {
        let inside = Box(title: "3 Transfers (\(state.transfersTable.countLabel))", focused: state.focus == .transfers)
            .render(in: rect, on: &grid)
        state.layout.panes[.transfers] = rect
        let sort = state.transfersTable.sort
        // Columns by priority: narrow terminals drop speed, ETA and sources before they squeeze the name.
        let detail = inside.width >= 66, bar = inside.width >= 40
        let transfers = state.transfers, positions = state.queuePositions
        func cells(arrow: String, name: String, fraction: Double?, speed: Double?, eta: Double?, sources: Int?,
                   priority: String, state: String) -> [Table.Value] {
            var cells: [Table.Value] = [.text(arrow), .text(name)]
            if bar { cells.append(.custom { rect, grid in ProgressBar(fraction: fraction).render(in: rect, on: &grid) }) }
            cells.append(.text(fraction.map { "\(Int(($0 * 100).rounded(.down)))%" } ?? "-"))
            if detail {
                cells += [.text(speed.map { ByteCount.format(UInt64($0)) + "/s" } ?? ""), .text(eta.map { ByteCount.duration($0) } ?? ""),
                          .text(sources.map(String.init) ?? ""), .text(priority)]
            }
            cells.append(.text(state))
            return cells
        }
        let rows = state.transferRows.map { row -> [Table.Value] in
            switch row {
            case .group(let folder, let members):
                let open = state.openGroups.contains(folder)
                let (total, state) = AppState.summary(of: members.map { transfers[$0] })
                let moving = total.bytesPerSecond > 0
                return cells(arrow: "↓", name: "\(open ? "▾" : "▸") \(folder)/ (\(members.count) file\(members.count == 1 ? "" : "s"))",
                             fraction: total.fraction, speed: moving ? total.bytesPerSecond : nil, eta: moving ? total.secondsRemaining : nil,
                             sources: total.activeSources > 0 ? total.activeSources : nil, priority: "", state: state)
            case .transfer(let index, _, let inGroup):
                let t = transfers[index]
                let moving = t.state == .downloading || t.state == .uploading
                return cells(arrow: t.direction == .download ? "↓" : "↑",
                             name: inGroup ? "    " + SharePath.components(t.name).dropFirst().joined(separator: "/") : t.name,
                             fraction: t.fraction, speed: moving ? t.bytesPerSecond : nil,
                             eta: t.state == .downloading ? t.secondsRemaining ?? .nan : nil,
                             sources: t.direction == .download && moving ? t.activeSources : nil,
                             priority: t.direction == .download && t.priority != .normal ? "\(t.priority)" : "",
                             state: positions[t.id].map { "queued \($0)" } ?? t.state.rawValue)
            }
        }
        var columns: [Table.Column] = [.init("", width: .fixed(1)), .init(header("Name", sort), width: .fill(weight: 1, minimum: 8))]
        if bar { columns.append(.init("Progress", width: .fixed(inside.width >= 100 ? 20 : 10))) }
        columns.append(.init(header("%", sort), width: .fixed(sort.column == "%" ? 6 : 4), alignRight: true))
        if detail {
            columns += [.init(header("Speed", sort), width: .fixed(11), alignRight: true), .init("ETA", width: .fixed(7), alignRight: true),
                        .init("Src", width: .fixed(3), alignRight: true)]
        }
        if detail { columns.append(.init(header("Pri", sort), width: .fixed(6))) }
        columns.append(.init(header("State", sort), width: .fixed(11)))
        let area = filterRow(state.transfersTable, in: inside, on: &grid)
        state.layout.tableBodies[.transfers] = Table(columns: columns, rows: rows, focused: state.focus == .transfers,
                                                     emptyText: emptyText(state.transfersTable, otherwise: "no transfers yet"))
            .render(in: area, on: &grid, state: &state.transfersTable.list)
        if let selected = state.selectedTransfer, let error = selected.lastError, area.height > 2, state.focus == .transfers {
            grid.write(error, x: area.x, y: area.maxY - 1, role: .statusError, maxWidth: area.width)
        }
    }

    /// A column title, with ▲ or ▼ when the table is sorted by it.
    static func header(_ title: String, _ sort: SortChoice) -> String {
        sort.column == title ? "\(title) \(sort.descending ? "▼" : "▲")" : title
    }

    /// Draws the filter in the last row of `rect` while there is one; returns what is left for the table.
    static func filterRow(_ table: TableState, in rect: Rect, on grid: inout CellGrid) -> Rect {
        guard table.editingFilter || table.isFiltered, rect.height >= 3 else { return rect }
        let (rest, bottom) = rect.splitBottom(1)
        table.filter.render(prompt: "filter ", in: bottom, on: &grid, showCursor: table.editingFilter)
        return rest
    }

    /// What an empty table says: that the filter matches nothing, or `otherwise`.
    static func emptyText(_ table: TableState, otherwise: String) -> String {
        table.isFiltered && table.total > 0 ? "nothing matches the filter (Esc clears it)" : otherwise
    }
}
