import Testing
@testable import IndexServer

@Suite("Word index")
struct WordIndexTests {
    @Test("an item is listed under at most a chunk of words (16,384): later ones find nothing, and clearing it forgets them all")
    func wordsPerItemCap() {
        var index = WordIndex()
        let words = (0..<(WordLists.maximumLength + 100)).map { "word\($0)" }
        index.set(slot: 0, words: words, key: 1)
        #expect(index.words(ofSlot: 0).count == WordLists.maximumLength)
        #expect(index.id(of: "word\(WordLists.maximumLength - 1)") != nil)
        #expect(index.id(of: "word\(WordLists.maximumLength)") == nil, "a word past the cap is not indexed")
        index.clear(slot: 0)
        #expect(index.wordCount == 0)
    }

    @Test("a keyword of 4 or more letters finds the words it begins, letter by letter: not a shorter word, and not one where its last letter carries a mark")
    func prefixLookup() {
        var index = WordIndex()
        index.set(slot: 0, words: ["mastering", "masta", "mas", "mast\u{301}er", "mastér", "mást", "amast"], key: 1)
        func found(_ prefix: String) -> Set<String> { Set(index.words(withPrefix: prefix).map { index.words[Int($0.id)] }) }
        #expect(found("mast") == ["mastering", "masta", "mastér"])
        #expect(found("masta") == ["masta"])
        #expect(found("mást") == ["mást"])
        #expect(found("mas") == ["mastering", "masta", "mas", "mast\u{301}er", "mastér"])
        #expect(found("mastx").isEmpty)
    }

    @Test("a keyword's words are found among thousands under one 3-letter beginning, its neighbours in byte order left out, and a word no item has any more is not found")
    func prefixRangeAmongMany() {
        var index = WordIndex()
        // Words under "rem" in no order: remaa…remzz, and the neighbours of "remi" ("remh…", "remj…", "rem").
        let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        var vocabulary = letters.flatMap { a in letters.map { b in "rem" + a + b } }
        vocabulary += ["rem", "remi", "remix2024", "remiñ", "rem9", "remi\u{301}x"]
        vocabulary.shuffle()
        for (slot, word) in vocabulary.enumerated() { index.set(slot: Int32(slot), words: [word], key: 1) }
        func found(_ prefix: String) -> Set<String> { Set(index.words(withPrefix: prefix).map { index.words[Int($0.id)] }) }

        let remi = Set(letters.map { "remi" + $0 } + ["remi", "remix2024", "remiñ"])
        #expect(found("remi") == remi, "the accented word is found by its letters; a mark on the i makes another letter")
        #expect(found("remix") == ["remix", "remix2024"])
        #expect(found("remiñ") == ["remiñ"])
        #expect(found("rem9") == ["rem9"])
        #expect(found("remzz") == ["remzz"])
        #expect(found("remzzz").isEmpty)
        #expect(found("rem").count == vocabulary.count)

        // The item listed under "remix" goes: the word goes with it.
        index.clear(slot: Int32(vocabulary.firstIndex(of: "remix")!))
        #expect(found("remi") == remi.subtracting(["remix"]))
        #expect(found("remix") == ["remix2024"])
    }
}
