/// The three panes, in Tab order.
public enum Pane: Int, CaseIterable, Hashable, Sendable {
    case shared = 0, search, transfers

    public var title: String {
        switch self {
        case .shared: return "Shared"
        case .search: return "Search"
        case .transfers: return "Transfers"
        }
    }

    public var next: Pane { Pane(rawValue: (rawValue + 1) % 3)! }
    public var previous: Pane { Pane(rawValue: (rawValue + 2) % 3)! }
}
