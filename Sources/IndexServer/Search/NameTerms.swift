/// What indexing an item under one name needs that depends on the name alone: its search words (the
/// first `maximumWords`, as ``IndexItem/words(of:maximumPerName:)`` gives them), its length in characters
/// and its rank key's name field (``RankKey/namePrefix(_:)``).
///
/// Worked out before the registry's write lock is taken (see ``PreparedFile``): tokenizing and counting
/// a name need no registry, and done under the lock they made every other request wait for them.
struct NameTerms: Sendable {
    let words: [String]
    /// The name's length in characters.
    let length: Int
    let prefix: UInt32
    /// The word limit `words` was cut to: terms made under another limit are made again.
    let maximumWords: Int

    init(_ name: String, maximumWords: Int) {
        words = IndexItem.words(of: [name], maximumPerName: maximumWords)
        length = name.count
        prefix = RankKey.namePrefix(name)
        self.maximumWords = maximumWords
    }
}
