/// Caps on what one request may ask for; larger values are clamped, never refused. PROTOCOL.md §8.
public struct RequestLimits: Hashable, Sendable {
    /// Most hits in one SEARCH answer (and the default when `Limit` is absent: `defaultSearchResults`).
    public var maximumSearchResults: Int = 500
    public var defaultSearchResults: Int = 100
    /// Most entries in one LIST ALL or BROWSE page.
    public var maximumPageSize: Int = 1000
    public var defaultPageSize: Int = 500
    /// Most keywords in one query.
    public var maximumKeywords: Int = 8
    /// Most entries in the `Type` filter.
    public var maximumTypes: Int = 16

    public init() {}

    public static let standard = RequestLimits()
}
