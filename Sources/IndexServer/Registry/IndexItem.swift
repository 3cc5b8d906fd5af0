import Model

/// One distinct thing in the index: a file by content hash, or a classic RFC item by number.
///
/// Items keep no list of their words: the words are those of their holders' names, and the word index
/// keeps each slot's word ids. An `IndexItem?` is 80 bytes (a content item with its first
/// holder inline), the bulk of what one record costs besides its name.
enum IndexItem: Sendable {
    case content(ContentItem)
    case rfc(RFCItem)

    var key: FileKey {
        switch self {
        case .content(let item): return .content(item.hash)
        case .rfc(let item): return .rfc(item.number)
        }
    }

    /// The hash of a content item; nil for RFC items.
    var contentHash: ContentHash? {
        if case .content(let item) = self { return item.hash }
        return nil
    }

    /// Every holder's name (titles for RFC items), repeats included: the item is indexed under their words.
    var names: [String] {
        switch self {
        case .content(let item): return item.holders.map(\.name)
        case .rfc(let item): return item.holders.map(\.title)
        }
    }

    /// The distinct search words of its names, in order of first appearance: the first
    /// `maximumPerName` words of each name.
    func words(maximumPerName: Int) -> [String] { Self.words(of: names, maximumPerName: maximumPerName) }

    var displayName: String {
        switch self {
        case .content(let item): return item.holders.oldest.name
        case .rfc(let item): return item.holders.oldest.title
        }
    }

    /// The distinct search words of `names` (the first `maximumPerName` words of each of the first
    /// ``maximumNames`` distinct names), in order of first appearance. Each distinct name is tokenized once
    /// (a popular file's holders mostly share one name).
    static func words(of names: [String], maximumPerName: Int) -> [String] {
        // A path's file name first, then its folders (deepest first): wordy folders never push the file's own
        // words past the limit.
        func words(_ name: String) -> [String] {
            guard name.utf8.contains(UInt8(ascii: "/")) else { return Array(NameTokenizer.words(name).prefix(maximumPerName)) }
            let parts = SharePath.components(name).reversed().flatMap { NameTokenizer.words(String($0)) }
            var seen = Set<String>()
            return Array(parts.filter { seen.insert($0).inserted }.prefix(maximumPerName))
        }
        guard names.count > 1 else { return names.first.map(words) ?? [] }
        var seenNames = Set<String>(), seenWords = Set<String>()
        return names.filter { seenNames.insert($0).inserted }.prefix(maximumNames)
            .flatMap(words).filter { seenWords.insert($0).inserted }
    }

    /// Distinct names an item is searched under, oldest holders' first: what one item costs to index, and
    /// to index again when a holder comes or goes, is bounded however many peers name it differently.
    static let maximumNames = 32
}
