/// A horizontal bar for a fraction 0…1, drawn with eighth blocks for smooth movement:
/// `████████▌░░░░░░░` (fill and empty parts have their own roles, and stay visible without colour).
/// Nil fraction: an empty bar.
public struct ProgressBar: Sendable {
    public var fraction: Double?

    public init(fraction: Double?) { self.fraction = fraction }

    private static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func render(in rect: Rect, on grid: inout CellGrid) {
        guard rect.width > 0, rect.height > 0 else { return }
        let eighths = Int(((fraction ?? 0).clamped * Double(rect.width * 8)).rounded(.down))
        let full = eighths / 8, rest = eighths % 8
        for x in 0..<rect.width {
            let cell: Cell
            if x < full {
                cell = Cell("█", role: .progressFill)
            } else if x == full, rest > 0 {
                cell = Cell(Self.partials[rest], role: .progressFill)
            } else {
                cell = Cell("░", role: .progressEmpty)
            }
            grid[rect.x + x, rect.y] = cell
        }
    }
}

extension Double {
    var clamped: Double { isFinite ? Swift.min(1, Swift.max(0, self)) : 0 }
}
