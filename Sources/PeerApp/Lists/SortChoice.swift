import Model

/// How a table is sorted: by a column (named by its title) or in its natural order (nil: rank for search
/// results, the order rows came in elsewhere), ascending or descending. Remembered in the state folder.
public struct SortChoice: Hashable, Sendable, Codable {
    public var column: String?
    public var descending: Bool

    public init(column: String? = nil, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// The next choice for `o`: natural order, then each of `columns` in turn, then natural order again.
    /// Names sort A to Z first, numbers largest first.
    func next(among columns: [SortColumn]) -> SortChoice {
        let position = column.flatMap { current in columns.firstIndex { $0.title == current } }
        let nextPosition = position.map { $0 + 1 } ?? 0
        guard nextPosition < columns.count else { return SortChoice() }
        return SortChoice(column: columns[nextPosition].title, descending: columns[nextPosition].largestFirst)
    }

    /// The same column the other way round (`O`); natural order reversed is natural order from the end.
    var reversed: SortChoice { SortChoice(column: column, descending: !descending) }
}

/// A column a table can be sorted by.
public struct SortColumn: Hashable, Sendable {
    public let title: String
    /// Numbers (sizes, speeds, counts) sort largest first when first chosen; text A to Z.
    public let largestFirst: Bool

    public init(_ title: String, largestFirst: Bool = false) {
        self.title = title
        self.largestFirst = largestFirst
    }
}

/// One row's value in the sort column.
public enum SortValue: Comparable, Sendable {
    /// Unknown values (a classic file's size) sort after every known one, whichever the direction.
    case missing
    case number(Double)
    case text(String)
    /// A download's place in the queue.
    case place(QueuePlace)
}
