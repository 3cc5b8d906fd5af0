/// The words of the word index that begin with one 2- or 3-character key, by id (``WordIndex``).
///
/// A keyword of 4 or more characters matches the words of its 3-character bucket that it prefixes. Real
/// names share their beginnings (many words begin `mas` or `ter`), and checking each with `hasPrefix`
/// was about half of what finding a keyword's words cost. So the ASCII words (nearly all:
/// names are case- and accent-folded) are kept sorted by their bytes, and an ASCII keyword's words are a
/// range found by binary search; for ASCII text, beginning with the keyword's bytes is beginning with the
/// keyword. Other words are few and keep the old way: each is checked with `hasPrefix`, which compares
/// characters (a mark on the keyword's last letter makes another letter).
///
/// A 2-character bucket is only ever read whole (keywords of 2 or 3 characters take whole buckets), so it
/// keeps no order: its buckets are the largest, and a new word would move half of one.
struct WordBucket: Sendable {
    /// Whether ASCII words are kept in order (3-character buckets).
    let ordered: Bool
    /// ASCII words' ids, ascending by word (empty when not `ordered`).
    private var ascii: [Int32] = []
    /// The other words' ids.
    private var others = Set<Int32>()

    init(ordered: Bool) {
        self.ordered = ordered
    }

    var isEmpty: Bool { ascii.isEmpty && others.isEmpty }

    /// `transform` of every id, in no particular order (no array of the ids is made first: a 2-character
    /// keyword takes a whole bucket on every search).
    func mapIDs<T>(_ transform: (Int32) -> T) -> [T] {
        var result: [T] = []
        result.reserveCapacity(ascii.count + others.count)
        for id in ascii { result.append(transform(id)) }
        for id in others { result.append(transform(id)) }
        return result
    }

    /// Adds word `id`, whose text is `words[id]`.
    mutating func insert(_ id: Int32, in words: [String]) {
        let word = words[Int(id)]
        guard ordered, Self.isASCII(word) else {
            others.insert(id)
            return
        }
        ascii.insert(id, at: Self.firstIndex(notBelow: word, in: ascii, words: words))
    }

    /// Removes word `id` (its text still in `words`).
    mutating func remove(_ id: Int32, in words: [String]) {
        let word = words[Int(id)]
        if ordered, Self.isASCII(word) {
            // Words are distinct (one id each), so the word's place holds its id.
            let index = Self.firstIndex(notBelow: word, in: ascii, words: words)
            if index < ascii.count, ascii[index] == id { ascii.remove(at: index) }
        } else {
            others.remove(id)
        }
    }

    /// The ids of the words `prefix` begins (it begins with this bucket's key).
    func ids(withPrefix prefix: String, in words: [String]) -> [Int32] {
        var result: [Int32] = []
        if ordered, Self.isASCII(prefix) {
            var index = Self.firstIndex(notBelow: prefix, in: ascii, words: words)
            while index < ascii.count, words[Int(ascii[index])].utf8.starts(with: prefix.utf8) {
                result.append(ascii[index])
                index += 1
            }
        } else {
            for id in ascii where words[Int(id)].hasPrefix(prefix) { result.append(id) }
        }
        for id in others where words[Int(id)].hasPrefix(prefix) { result.append(id) }
        return result
    }

    /// The first position in `sorted` whose word is not below `word` in byte order.
    private static func firstIndex(notBelow word: String, in sorted: [Int32], words: [String]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if words[Int(sorted[middle])].utf8.lexicographicallyPrecedes(word.utf8) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }
}
