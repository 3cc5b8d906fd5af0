import BitCollections

/// One search keyword, looked up in the word index once per search.
///
/// A keyword of 2 or more characters matches an item when the item has a word the keyword prefixes
/// (found through the word index's buckets), and matches it whole when the item has the word equal to it.
/// Shorter keywords are not bucketed: they only filter, by the first character of the item's words.
///
/// A class: a search checks each candidate against its other keywords, and reading a term out of the
/// search's list copied a struct's three counted references (keyword, matches, id set) each time.
final class KeywordTerm {
    let keyword: String
    /// Every indexed word the keyword prefixes, with its posting size; nil for keywords of fewer than
    /// 2 characters.
    let prefixMatches: [(id: Int32, count: Int)]?
    /// The indexed word equal to the keyword, if any.
    let exactID: Int32?
    /// How many slots the postings of its prefix matches list (a slot can count more than once).
    let candidates: Int
    /// The ids of `prefixMatches`, as a set (nil for keywords of fewer than 2 characters).
    let matchingIDs: BitArray?

    init(_ keyword: String, in words: WordIndex) {
        self.keyword = keyword
        let matches = keyword.count >= 2 ? words.words(withPrefix: keyword) : nil
        prefixMatches = matches
        exactID = words.id(of: keyword)
        candidates = matches?.reduce(0) { $0 + $1.count } ?? 0
        matchingIDs = matches.map { matches in
            var set = BitArray(repeating: false, count: words.wordIDLimit)
            for match in matches { set[Int(match.id)] = true }
            return set
        }
    }

    /// Whether an item with word ids `itemWords` matches: 2 when a word equals the keyword, 1 when a word
    /// starts with it, nil when none does.
    @inline(__always)
    func match(_ itemWords: ArraySlice<Int32>, in words: WordIndex) -> Int? {
        if let exactID, itemWords.contains(exactID) { return 2 }
        if let matchingIDs {
            return itemWords.contains { matchingIDs[Int($0)] } ? 1 : nil
        }
        return itemWords.contains { words.words[Int($0)].hasPrefix(keyword) } ? 1 : nil
    }
}
