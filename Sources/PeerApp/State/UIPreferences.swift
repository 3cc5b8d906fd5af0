/// What the UI remembers between runs, in `ui.json` in the state folder: how each table is sorted
/// (keys `shared`, `search`, `transfers`, `browse`).
public struct UIPreferences: Hashable, Sendable, Codable {
    public var sorts: [String: SortChoice]

    public init(sorts: [String: SortChoice] = [:]) {
        self.sorts = sorts
    }
}
