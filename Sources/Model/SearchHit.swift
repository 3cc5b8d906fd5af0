/// One distinct file in a search result or an index listing.
public struct SearchHit: Hashable, Sendable, Codable {
    public var key: FileKey
    /// The size in bytes; nil for classic RFC items, whose peers never say.
    public var size: UInt64?
    /// How many peers have it now.
    public var sources: Int
    /// The name most of its sources use.
    public var name: String
    /// How many of the `sources` the index did not find behind NAT, when some are; nil when none are, or
    /// when the index did not say.
    public var reachableSources: Int?

    public init(key: FileKey, size: UInt64?, sources: Int, name: String, reachableSources: Int? = nil) {
        self.key = key
        self.size = size
        self.sources = sources
        self.name = name
        self.reachableSources = reachableSources
    }

    /// The sources as a results table shows them: `3`, or `3 (1 NAT)` when some are behind NAT.
    public var sourcesLabel: String {
        guard let reachable = reachableSources, reachable < sources else { return String(sources) }
        return "\(sources) (\(sources - reachable) NAT)"
    }
}
