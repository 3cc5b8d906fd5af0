/// A frame: a rectangle of cells that widgets draw into. Renders to text lines for tests; a terminal
/// backend copies it to the screen.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = [Cell](repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { contains(x, y) ? cells[y * width + x] : .blank }
        set {
            guard contains(x, y) else { return }
            // Breaking half of a wide character leaves a space in the other half.
            let old = cells[y * width + x]
            if old.isContinuation, x > 0 { cells[y * width + x - 1] = Cell(" ", role: cells[y * width + x - 1].role) }
            if !old.isContinuation, DisplayWidth.of(old.text) == 2, x + 1 < width {
                cells[y * width + x + 1] = Cell(" ", role: old.role)
            }
            cells[y * width + x] = newValue
        }
    }

    private func contains(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Writes `text` at (x, y), at most `maxWidth` columns (and never past the grid or `clip`), cut with
    /// `…` when it does not fit. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, role: StyleRole = .normal, maxWidth: Int? = nil,
                               clip: Rect? = nil) -> Int {
        let area = clip ?? bounds
        guard y >= area.y, y < area.maxY, x < area.maxX else { return 0 }
        let limit = min(maxWidth ?? Int.max, area.maxX - max(x, area.x))
        guard limit > 0 else { return 0 }
        var column = x
        for character in DisplayWidth.clip(text, to: limit) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column >= area.x {
                if w == 2 && column + 1 >= area.maxX {
                    self[column, y] = Cell(" ", role: role)
                } else {
                    self[column, y] = Cell(String(character), role: role)
                    if w == 2 { self[column + 1, y] = Cell("", role: role) }
                }
            }
            column += w
        }
        return column - x
    }

    /// Fills a rectangle with one character (space by default) in one role.
    public mutating func fill(_ rect: Rect, _ character: String = " ", role: StyleRole = .normal) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { self[x, y] = Cell(character, role: role) }
        }
    }

    /// Sets the role of every cell in `rect`, keeping the characters (a selection highlight).
    public mutating func paint(_ rect: Rect, role: StyleRole) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[y * width + x].role = role }
        }
    }

    /// The frame as text, one string per row, trailing spaces kept (snapshot tests compare these).
    public var lines: [String] {
        (0..<height).map { y in
            (0..<width).reduce(into: "") { line, x in line += cells[y * width + x].text }
        }
    }
}
