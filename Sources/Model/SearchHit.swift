/// One distinct file in a search result or an index listing.
public struct SearchHit: Hashable, Sendable, Codable {
    public var key: FileKey
    /// The size in bytes; nil for classic RFC items, whose peers never say.
    public var size: UInt64?
    /// How many peers have it now.
    public var sources: Int
    /// The name most of its sources use.
    public var name: String

    public init(key: FileKey, size: UInt64?, sources: Int, name: String) {
        self.key = key
        self.size = size
        self.sources = sources
        self.name = name
    }
}
