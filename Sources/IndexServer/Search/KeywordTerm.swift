/// One search keyword, looked up in the word index once per search.
///
/// A keyword of 2 or more characters matches an item when the item's slot is in the posting of a word the
/// keyword prefixes, and matches it whole when the slot is in the posting of the word equal to it.
/// Shorter keywords are not bucketed; they are checked against the item's words as text.
struct KeywordTerm {
    let keyword: String
    /// Every indexed word the keyword prefixes, with its posting size; nil for keywords of fewer than
    /// 2 characters.
    let prefixMatches: [(id: Int32, count: Int)]?
    /// The indexed word equal to the keyword, if any.
    let exactID: Int32?
    /// How many slots the postings of its prefix matches list (a slot can count more than once).
    let candidates: Int

    init(_ keyword: String, in words: WordIndex) {
        self.keyword = keyword
        prefixMatches = keyword.count >= 2 ? words.words(withPrefix: keyword) : nil
        exactID = words.id(of: keyword)
        candidates = prefixMatches?.reduce(0) { $0 + $1.count } ?? 0
    }
}
