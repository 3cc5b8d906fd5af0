/// A table with a header row and a selectable, scrolling body. Columns have fixed widths or share what is
/// left; every cell is cut to its column by display width (wide names never spill into the next column).
public struct Table: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var width: Layout.Part
        public var alignRight: Bool

        public init(_ title: String, width: Layout.Part, alignRight: Bool = false) {
            self.title = title
            self.width = width
            self.alignRight = alignRight
        }
    }

    /// A custom cell: draws itself into its rectangle (a progress bar, say).
    public typealias CellRenderer = @Sendable (Rect, inout CellGrid) -> Void

    public enum Value: Sendable {
        case text(String)
        case custom(CellRenderer)
    }

    public var columns: [Column]
    public var rowCount: Int
    /// Builds row `index`; asked only for the rows on screen, so a table of 10,000 rows costs what it shows.
    public var row: @Sendable (Int) -> [Value]
    public var focused: Bool
    /// Shown in the body when there are no rows.
    public var emptyText: String

    public init(columns: [Column], rows: [[Value]], focused: Bool, emptyText: String = "") {
        self.init(columns: columns, rowCount: rows.count, focused: focused, emptyText: emptyText) { rows[$0] }
    }

    public init(columns: [Column], rowCount: Int, focused: Bool, emptyText: String = "",
                row: @escaping @Sendable (Int) -> [Value]) {
        self.columns = columns
        self.rowCount = rowCount
        self.row = row
        self.focused = focused
        self.emptyText = emptyText
    }

    /// Draws the header and the rows `state.visibleRange`; updates `state.visible` to the body's height.
    /// Returns the body: where the rows are (for clicks).
    @discardableResult
    public func render(in rect: Rect, on grid: inout CellGrid, state: inout ListState) -> Rect {
        guard rect.height > 0, rect.width > 0 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let parts = columns.enumerated().flatMap { index, column in index == 0 ? [column.width] : [.fixed(1), column.width] }
        let cells = Layout.columns(rect, parts).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        for (column, cell) in zip(columns, cells) {
            grid.write(DisplayWidth.fit(column.title, to: cell.width, alignRight: column.alignRight), x: cell.x, y: rect.y,
                       role: .header, maxWidth: cell.width)
        }
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        state.visible = max(1, body.height)
        state.setCount(rowCount)
        if rowCount == 0 {
            if body.height > 0 { grid.write(emptyText, x: body.x, y: body.y, role: .dim, maxWidth: body.width) }
            return body
        }
        for (line, index) in state.visibleRange.enumerated() where line < body.height {
            let y = body.y + line
            for (column, (value, cell)) in zip(columns, zip(row(index), cells)) {
                let target = Rect(x: cell.x, y: y, width: cell.width, height: 1)
                switch value {
                case .text(let text):
                    grid.write(DisplayWidth.fit(text, to: cell.width, alignRight: column.alignRight), x: cell.x, y: y,
                               maxWidth: cell.width)
                case .custom(let draw):
                    draw(target, &grid)
                }
            }
            if index == state.selected {
                grid.paint(Rect(x: body.x, y: y, width: body.width, height: 1), role: focused ? .selection : .selectionUnfocused)
            }
        }
        return body
    }
}
