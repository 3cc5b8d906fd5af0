/// How a search tells whether a candidate item has a word that a keyword (of 2 or more characters)
/// prefixes. Chosen once per search and keyword.
enum KeywordCheck {
    /// The keyword whose postings the search walks: every candidate has such a word.
    case driver
    /// A binary search in the posting of each word the keyword prefixes (few words).
    case postings([Int32])
    /// One bit per slot, built from the postings of the words the keyword prefixes (many words).
    case bitmap(SlotBitmap)

    /// The cheaper check for `term`, when the search examines about `candidates` items of a registry of
    /// `slotCount` slots: a bitmap costs a pass over the term's postings and a bit per slot, binary
    /// searches cost about 16 steps per matching word per candidate.
    init(for term: KeywordTerm, matches: [(id: Int32, count: Int)], candidates: Int, slotCount: Int,
         in words: WordIndex) {
        let ids = matches.map(\.id)
        if term.candidates + slotCount / 64 < candidates * ids.count * 16 {
            self = .bitmap(SlotBitmap(ids, in: words, slotCount: slotCount))
        } else {
            self = .postings(ids)
        }
    }

    /// Whether the item in `slot` has a word the keyword prefixes.
    func admits(_ slot: Int32, in words: WordIndex) -> Bool {
        switch self {
        case .driver: return true
        case .postings(let ids): return ids.contains { words.contains($0, slot: slot) }
        case .bitmap(let bitmap): return bitmap.contains(slot)
        }
    }
}
