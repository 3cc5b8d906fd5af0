/// The one-line key hints at the bottom: `q quit  / search  ? help`. Hints that do not fit are left out
/// whole (never cut in the middle).
public struct HintBar: Sendable {
    public var hints: [(key: String, label: String)]

    public init(_ hints: [(key: String, label: String)]) { self.hints = hints }

    public func render(in rect: Rect, on grid: inout CellGrid) {
        guard rect.height > 0 else { return }
        var x = rect.x
        for (key, label) in hints {
            let width = DisplayWidth.of(key) + 1 + DisplayWidth.of(label)
            guard x + width <= rect.maxX else { break }
            x += grid.write(key, x: x, y: rect.y, role: .hintKey)
            x += grid.write(" " + label, x: x, y: rect.y, role: .hintText)
            x += 2
        }
    }
}
