import Testing
@testable import IndexServer

@Suite("Word index")
struct WordIndexTests {
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
}
