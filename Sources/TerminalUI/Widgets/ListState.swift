/// Selection and scrolling of a list of `count` rows shown `visible` at a time. Pure: keys move it,
/// the view reads ``offset`` and ``selected``. The selection always stays on screen.
public struct ListState: Hashable, Sendable {
    public private(set) var count = 0
    public private(set) var selected = 0
    public private(set) var offset = 0
    public var visible = 1 {
        didSet { keepSelectionVisible() }
    }

    public init(count: Int = 0, visible: Int = 1) {
        self.visible = max(1, visible)
        setCount(count)
    }

    /// The rows changed: keeps the selection on the same index when it still exists.
    public mutating func setCount(_ count: Int) {
        self.count = max(0, count)
        selected = min(selected, max(0, self.count - 1))
        keepSelectionVisible()
    }

    public mutating func moveBy(_ delta: Int) {
        guard count > 0 else { return }
        selected = min(max(0, selected + delta), count - 1)
        keepSelectionVisible()
    }

    public mutating func pageDown() { moveBy(max(1, visible - 1)) }
    public mutating func pageUp() { moveBy(-max(1, visible - 1)) }
    public mutating func home() { moveBy(-count) }
    public mutating func end() { moveBy(count) }

    public mutating func select(_ index: Int) {
        guard count > 0 else { return }
        selected = min(max(0, index), count - 1)
        keepSelectionVisible()
    }

    /// Indices of the rows on screen.
    public var visibleRange: Range<Int> { offset..<min(count, offset + max(1, visible)) }

    private mutating func keepSelectionVisible() {
        let page = max(1, visible)
        if selected < offset { offset = selected }
        if selected >= offset + page { offset = selected - page + 1 }
        offset = min(offset, max(0, count - page))
        offset = max(0, offset)
    }
}
