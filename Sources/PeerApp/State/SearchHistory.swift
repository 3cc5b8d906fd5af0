import Model

/// The searches of this session with their results, newest last: `[` steps back to older ones, `]`
/// forward again. A search made again moves to the end with its new results. At most ``limit`` are kept.
public struct SearchHistory: Hashable, Sendable {
    /// One search (or listing) as it was answered.
    public struct Entry: Hashable, Sendable {
        public var title: String
        public var results: [SearchHit]
        /// Where the listing's next page starts (listings only).
        public var nextCursor: Int?
    }

    public static let limit = 50

    public private(set) var entries: [Entry] = []
    /// The entry shown, when one is.
    public private(set) var position: Int?

    public init() {}

    /// A new answer: it becomes the newest entry, and the one shown.
    mutating func record(_ entry: Entry) {
        entries.removeAll { $0.title == entry.title }
        entries.append(entry)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        position = entries.count - 1
    }

    /// More of the shown listing arrived.
    mutating func extendShown(with hits: [SearchHit], nextCursor: Int?) {
        guard let position else { return }
        entries[position].results += hits
        entries[position].nextCursor = nextCursor
    }

    /// Steps `by` entries (negative: older) and returns the entry now shown, or nil at either end.
    mutating func step(_ by: Int) -> Entry? {
        guard let position, entries.indices.contains(position + by) else { return nil }
        self.position = position + by
        return entries[position + by]
    }

    /// "2 of 5" when there is more than one search to step through.
    var label: String? {
        guard let position, entries.count > 1 else { return nil }
        return "\(position + 1) of \(entries.count)"
    }
}
