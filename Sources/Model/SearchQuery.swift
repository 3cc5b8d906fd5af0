/// A keyword search over the index: every keyword must match, filters narrow, results are ranked and capped.
public struct SearchQuery: Hashable, Sendable, Codable {
    /// Lower-cased keywords; each must be a prefix of some word of the file's name.
    public var keywords: [String]
    public var minimumSize: UInt64?
    public var maximumSize: UInt64?
    /// Lower-case file extensions without the dot (`mp3`); empty means any type.
    public var extensions: Set<String>
    public var limit: Int

    public init(keywords: [String], minimumSize: UInt64? = nil, maximumSize: UInt64? = nil,
                extensions: Set<String> = [], limit: Int = 100) {
        self.keywords = keywords
        self.minimumSize = minimumSize
        self.maximumSize = maximumSize
        self.extensions = extensions
        self.limit = limit
    }
}
