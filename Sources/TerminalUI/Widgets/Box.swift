/// A bordered pane with a title in its top edge: `┌─ Title ───┐`. The focused pane's border and title use
/// their focused roles.
public struct Box: Sendable {
    public var title: String
    public var focused: Bool

    public init(title: String, focused: Bool = false) {
        self.title = title
        self.focused = focused
    }

    /// Draws the box and returns its inside.
    @discardableResult
    public func render(in rect: Rect, on grid: inout CellGrid) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let role: StyleRole = focused ? .borderFocused : .border
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in rect.x...right {
            grid[x, rect.y] = Cell("─", role: role)
            grid[x, bottom] = Cell("─", role: role)
        }
        for y in rect.y...bottom {
            grid[rect.x, y] = Cell("│", role: role)
            grid[right, y] = Cell("│", role: role)
        }
        grid[rect.x, rect.y] = Cell("┌", role: role)
        grid[right, rect.y] = Cell("┐", role: role)
        grid[rect.x, bottom] = Cell("└", role: role)
        grid[right, bottom] = Cell("┘", role: role)
        if rect.width > 6, !title.isEmpty {
            grid.write(" \(title) ", x: rect.x + 2, y: rect.y, role: focused ? .titleFocused : .title,
                       maxWidth: rect.width - 4)
        }
        return rect.inset(by: 1)
    }
}
