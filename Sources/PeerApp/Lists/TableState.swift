import Foundation
import Model
import TerminalUI

/// What a table shows of its source rows: the selection and scroll (``list``), a filter typed with `f`
/// (rows whose names contain it, case and accents ignored), and a sort. ``rows`` maps each line shown to
/// its source row; it is rebuilt when the source, the filter or the sort changes, never per frame.
public struct TableState: Hashable, Sendable {
    public var list: ListState
    public var filter = InputLine(maximumLength: 100)
    /// True while the filter input has the keys.
    public var editingFilter = false
    public var sort = SortChoice()
    /// Source indices, in the order shown.
    public private(set) var rows: [Int] = []
    /// Source rows before filtering.
    public private(set) var total = 0

    public init(visible: Int = 1) {
        list = ListState(count: 0, visible: visible)
    }

    /// The source row under the selection, if any.
    public var selectedRow: Int? { rows.indices.contains(list.selected) ? rows[list.selected] : nil }

    /// Whether a filter narrows the rows (typed, whether or not the input is still open).
    public var isFiltered: Bool { !filter.text.isEmpty }

    /// "12 of 300" while filtered, else "300".
    public var countLabel: String { isFiltered ? "\(rows.count) of \(total)" : "\(total)" }

    /// A key while the filter input has the keys: `Esc` clears the filter and closes the input, `Enter`
    /// closes it keeping the filter, ↑ ↓ move the selection, editing keys edit. False for any other key.
    public mutating func editFilter(_ key: Key) -> Bool {
        switch key {
        case .escape:
            filter.clear()
            editingFilter = false
        case .enter: editingFilter = false
        case .up: list.moveBy(-1)
        case .down: list.moveBy(1)
        default: return filter.edit(key)
        }
        return true
    }

    /// Rebuilds ``rows`` for a source of `count` rows. `name` gives the text the filter looks in; `value`
    /// gives a row's value in a sort column (by title). The selection stays on the same source row when
    /// it is still shown, unless `keepingSelection` is false (a table whose lines are laid out from the
    /// rows afterwards, a tree say, keeps its selection itself).
    public mutating func arrange(count: Int, keepingSelection: Bool = true, name: (Int) -> String, value: (Int, String) -> SortValue) {
        let kept = keepingSelection ? selectedRow : nil
        total = count
        var shown = Array(0..<count)
        let needle = Self.fold(filter.text)
        if !needle.isEmpty { shown = shown.filter { Self.fold(name($0)).contains(needle) } }
        if let column = sort.column {
            let keyed = shown.map { (row: $0, value: value($0, column)) }
            let descending = sort.descending
            shown = keyed.sorted { a, b in
                if a.value == b.value { return a.row < b.row }
                if a.value == .missing || b.value == .missing { return b.value == .missing }
                return descending ? a.value > b.value : a.value < b.value
            }.map(\.row)
        } else if sort.descending {
            shown.reverse()
        }
        rows = shown
        list.setCount(rows.count)
        if let kept, let position = rows.firstIndex(of: kept) { list.select(position) }
    }

    /// Text as the filter compares it: ``NameTokenizer/folded(_:)``.
    static func fold(_ text: String) -> String { NameTokenizer.folded(text) }
}
