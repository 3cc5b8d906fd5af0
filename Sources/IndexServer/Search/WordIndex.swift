/// An inverted index from words to the items that contain them, best rank first, with prefix lookup
/// through 2- and 3-character buckets, and each item's own words and rank key.
///
/// Words are interned to small ids. A keyword of 2 characters is answered by its bucket alone, one of 3 by
/// its bucket alone, a longer one by the words of its 3-character bucket that it prefixes (a range of the
/// bucket, ``WordBucket``). Words of one character are indexed but not bucketed: such keywords only filter
/// (see `Registry.search`).
///
/// Each slot's word ids are kept too, so a search checks a candidate's other keywords without reading
/// its names, and changing an item never tokenizes its old names again.
struct WordIndex: Sendable {
    private(set) var words: [String] = []
    private var ids: [String: Int32] = [:]
    private var postings: [SortedRuns] = []
    private var freeIDs: [Int32] = []
    private var buckets: [String: WordBucket] = [:]
    /// Each slot's distinct word ids (empty for a free slot) and rank key.
    private var slotWords = WordLists()
    private var slotKeys = ChunkedArray<UInt32>()
    /// How many times each word id's items have changed (listed, unlisted, re-keyed or touched), never
    /// reset, not even when the id is reused: what a remembered search answer is checked against
    /// (``Registry/searchStamp(_:)``).
    private var generations: [UInt64] = []

    /// How many distinct words are indexed now.
    var wordCount: Int { ids.count }

    /// One past the largest word id ever given: the size of a set of word ids.
    var wordIDLimit: Int { words.count }

    /// The id of `word`, if some slot contains it.
    func id(of word: String) -> Int32? { ids[word] }

    /// The ids of the words of the item in `slot`.
    @inline(__always)
    func words(ofSlot slot: Int32) -> ArraySlice<Int32> { slotWords[slot] }

    /// Starts bringing in the word lists of the slots of posting entries `entries` (see
    /// ``WordLists/prefetch(_:)``).
    func prefetchWords(of entries: ArraySlice<UInt64>) { slotWords.prefetch(entries) }

    /// The items containing word `id`, best rank first.
    func posting(of id: Int32) -> SortedRuns { postings[Int(id)] }

    /// Lists the item in `slot` under exactly `newWords` (distinct; the first ``WordLists/maximumLength`` of
    /// them, far more than the default limits let an item have), with rank key `key`.
    mutating func set(slot: Int32, words newWords: [String], key: UInt32) {
        let newWords = newWords.count > WordLists.maximumLength ? Array(newWords.prefix(WordLists.maximumLength)) : newWords
        let index = Int(slot)
        if index >= slotKeys.count { slotKeys.append(repeating: 0, count: index + 1 - slotKeys.count) }
        let old = Array(slotWords[slot])  // a copy: a slice would keep the pool shared while it changes
        let oldEntry = RankKey.entry(key: slotKeys[index], slot: slot)
        let newEntry = RankKey.entry(key: key, slot: slot)
        var newIDs: [Int32] = []
        newIDs.reserveCapacity(newWords.count)
        for word in newWords { newIDs.append(intern(word)) }
        for id in old { generations[Int(id)] &+= 1 }
        for id in newIDs { generations[Int(id)] &+= 1 }
        // An item named many ways has many words: compare the lists through sets then, not word by word.
        let large = old.count > 16 || newIDs.count > 16
        let oldSet = large ? Set(old) : [], newSet = large ? Set(newIDs) : []
        func isNew(_ id: Int32) -> Bool { large ? !oldSet.contains(id) : !old.contains(id) }
        func isKept(_ id: Int32) -> Bool { large ? newSet.contains(id) : newIDs.contains(id) }
        var gone: [Int32] = []
        for id in old where oldEntry != newEntry || !isKept(id) {
            postings[Int(id)].remove(oldEntry)
            if postings[Int(id)].isEmpty { gone.append(id) }
        }
        let inserting = oldEntry != newEntry ? newIDs : newIDs.filter(isNew)
        prefetchPlaces(of: newEntry, in: inserting)
        for id in inserting { postings[Int(id)].insert(newEntry) }
        for id in gone where postings[Int(id)].isEmpty { forget(id) }
        slotWords.set(slot, newIDs)
        slotKeys[index] = key
    }

    /// Lists the item in `slot` under the words it has and those of `added` it lacks (after them, in
    /// order), with rank key `key`.
    mutating func set(slot: Int32, adding added: [String], key: UInt32) {
        var all = slotWords[slot].map { words[Int($0)] }
        var present = Set(all)
        for word in added where present.insert(word).inserted { all.append(word) }
        set(slot: slot, words: all, key: key)
    }

    /// Starts bringing in the place of `entry` in the postings of `ids`, all of them at once, before they
    /// change: first the runs' headers, then their binary searches' first lines (``SortedRuns/prefetchRun(of:)``).
    private func prefetchPlaces(of entry: UInt64, in ids: some Collection<Int32>) {
        withUnsafeTemporaryAllocation(of: (id: Int32, run: Int).self, capacity: ids.count) { runs in
            var found = 0
            for id in ids {
                guard let run = postings[Int(id)].prefetchRun(of: entry) else { continue }
                runs[found] = (id, run)
                found += 1
            }
            for (id, run) in runs[..<found] { postings[Int(id)].prefetchProbes(inRun: run) }
        }
    }

    /// Lists the item in `slot` under its words with a new rank key.
    mutating func rekey(slot: Int32, key: UInt32) {
        let index = Int(slot)
        guard index < slotKeys.count else { return }
        // Touched even when the key stays: the item changed (its sources, size or name), and answers
        // remembered for its words must not be reused.
        for id in slotWords[slot] { generations[Int(id)] &+= 1 }
        guard slotKeys[index] != key else { return }
        let oldEntry = RankKey.entry(key: slotKeys[index], slot: slot)
        let newEntry = RankKey.entry(key: key, slot: slot)
        prefetchPlaces(of: oldEntry, in: slotWords[slot])
        for id in slotWords[slot] {
            postings[Int(id)].remove(oldEntry)
            postings[Int(id)].insert(newEntry)
        }
        slotKeys[index] = key
    }

    /// Unlists the item in `slot` from every word; forgets words no item contains any more.
    mutating func clear(slot: Int32) {
        guard Int(slot) < slotKeys.count else { return }
        set(slot: slot, words: [], key: 0)
    }

    /// The sum of the generations of the words `ids`: it grows whenever an item listed under one of them
    /// changes.
    func generation(of ids: [Int32]) -> UInt64 {
        ids.reduce(0) { $0 &+ generations[Int($1)] }
    }

    /// Ids of every indexed word that starts with `prefix` (2 or more characters), with their posting sizes.
    func words(withPrefix prefix: String) -> [(id: Int32, count: Int)] {
        let length = prefix.count
        guard length >= 2 else { return [] }
        let key = length >= 3 ? String(prefix.prefix(3)) : prefix
        guard let bucket = buckets[key] else { return [] }
        if length <= 3 { return bucket.mapIDs { ($0, postings[Int($0)].count) } }
        return bucket.ids(withPrefix: prefix, in: words).map { ($0, postings[Int($0)].count) }
    }

    /// The id of `word`, made when new.
    private mutating func intern(_ word: String) -> Int32 {
        if let existing = ids[word] { return existing }
        let id: Int32
        if let reused = freeIDs.popLast() {
            id = reused
            words[Int(id)] = word
        } else {
            id = Int32(words.count)
            words.append(word)
            postings.append(SortedRuns())
            generations.append(0)
        }
        ids[word] = id
        for prefix in Self.bucketKeys(word) {
            buckets[prefix, default: WordBucket(ordered: prefix.count == 3)].insert(id, in: words)
        }
        return id
    }

    /// Forgets a word no item contains; its id is reused.
    private mutating func forget(_ id: Int32) {
        let word = words[Int(id)]
        ids[word] = nil
        for prefix in Self.bucketKeys(word) {
            buckets[prefix]?.remove(id, in: words)
            if buckets[prefix]?.isEmpty == true { buckets[prefix] = nil }
        }
        words[Int(id)] = ""
        postings[Int(id)] = SortedRuns()
        freeIDs.append(id)
    }

    private static func bucketKeys(_ word: String) -> [String] {
        switch word.count {
        case 0, 1: return []
        case 2: return [word]
        default: return [String(word.prefix(2)), String(word.prefix(3))]
        }
    }
}
