/// An inverted index from words to item slots, with prefix lookup through 2- and 3-character buckets.
///
/// Words are interned to small ids. A keyword of 2 characters is answered by its bucket alone, one of 3 by
/// its bucket alone, a longer one by its 3-character bucket filtered by prefix. Words of one character
/// are indexed but not bucketed: such keywords only filter (see `Registry.search`).
struct WordIndex: Sendable {
    private(set) var words: [String] = []
    private var ids: [String: Int32] = [:]
    private var postings: [Posting] = []
    private var freeIDs: [Int32] = []
    private var buckets: [String: Set<Int32>] = [:]

    /// How many distinct words are indexed now.
    var wordCount: Int { ids.count }

    /// The id of `word`, if some slot contains it.
    func id(of word: String) -> Int32? { ids[word] }

    /// Interns `word` (if new) and records that `slot` contains it; returns the word's id.
    @discardableResult
    mutating func add(_ word: String, slot: Int32) -> Int32 {
        let id: Int32
        if let existing = ids[word] {
            id = existing
        } else {
            if let reused = freeIDs.popLast() {
                id = reused
                words[Int(id)] = word
            } else {
                id = Int32(words.count)
                words.append(word)
                postings.append(Posting())
            }
            ids[word] = id
            for prefix in Self.bucketKeys(word) { buckets[prefix, default: []].insert(id) }
        }
        postings[Int(id)].insert(slot)
        return id
    }

    /// Records that `slot` no longer contains `word`; forgets the word when no slot contains it.
    mutating func remove(_ word: String, slot: Int32) {
        guard let id = ids[word] else { return }
        postings[Int(id)].remove(slot)
        guard postings[Int(id)].isEmpty else { return }
        ids[word] = nil
        for prefix in Self.bucketKeys(word) {
            buckets[prefix]?.remove(id)
            if buckets[prefix]?.isEmpty == true { buckets[prefix] = nil }
        }
        words[Int(id)] = ""
        postings[Int(id)] = Posting()
        freeIDs.append(id)
    }

    /// The slots containing word `id`, ascending.
    func slots(of id: Int32) -> Posting { postings[Int(id)] }

    /// Whether the item in `slot` contains word `id` (a binary search of the word's posting).
    func contains(_ id: Int32, slot: Int32) -> Bool { postings[Int(id)].contains(slot) }

    /// Ids of every indexed word that starts with `prefix` (2 or more characters), with their posting sizes.
    func words(withPrefix prefix: String) -> [(id: Int32, count: Int)] {
        let length = prefix.count
        guard length >= 2 else { return [] }
        let key = length >= 3 ? String(prefix.prefix(3)) : prefix
        guard let bucket = buckets[key] else { return [] }
        var result: [(Int32, Int)] = []
        for id in bucket where length <= 3 || words[Int(id)].hasPrefix(prefix) {
            result.append((id, postings[Int(id)].count))
        }
        return result
    }

    private static func bucketKeys(_ word: String) -> [String] {
        switch word.count {
        case 0, 1: return []
        case 2: return [word]
        default: return [String(word.prefix(2)), String(word.prefix(3))]
        }
    }
}
