import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

@Suite("Name terms worked out before the write lock")
struct NameTermsTests {
    /// Plain, foldered, accented (composed and decomposed), wordy and over-long names.
    static let names = [
        "Live at the Apollo 1080p.mkv",
        "music/Flac Masters/01 - Intro.flac",
        "Café número 3.txt",
        "Cafe\u{301} decomposed.txt",
        (1...40).map { "word\($0)" }.joined(separator: " ") + ".txt",
        String(repeating: "long name ", count: 40) + "end.iso",
        "x",
    ]

    @Test("a name's terms are the words and rank key the registry would work out for it itself",
          arguments: names)
    func sameAsTheRegistrys(name: String) {
        let terms = NameTerms(name, maximumWords: 16)
        #expect(terms.words == IndexItem.words(of: [name], maximumPerName: 16))
        for sources in [1, 3, 254, 300] {
            #expect(RankKey.make(sources: sources, nameLength: terms.length, namePrefix: terms.prefix)
                    == RankKey.make(sources: sources, name: name, nameLength: name.count), "\(sources) sources")
        }
    }

    @Test("files prepared under another word limit are indexed under the registry's own")
    func otherWordLimit() throws {
        var registry = Registry()
        let peer = try registry.greeted()
        let file = Fixtures.file("alpha beta gamma delta.txt")
        let admitted = try registry.admitFiles(peer, [file])
        #expect(registry.applyFiles(peer, admitted.map { PreparedFile($0, maximumWords: 2) }[...]) == 1)
        #expect(registry.search(SearchQuery(keywords: ["delta"])).hits.map(\.key) == [.content(file.hash)],
                "the fourth word is searchable: the registry's limit is 16")
    }

    @Test("holders joining under names of their own index the item under every name's words, in order, up to the names it is searched under")
    func holdersJoiningUnderNewNames() throws {
        var registry = Registry()
        // The file's first name, then new names that share words with it, are foldered, accented, or repeat one.
        var names = ["Live at the Apollo 1080p.mkv", "apollo live (remaster).mkv", "video/Concerts/Café Apollo.mkv",
                     "live at the apollo 1080p.mkv", "Live at the Apollo 1080p.mkv"]
        names += (1...(IndexItem.maximumNames + 2)).map { "take \($0) apollo.mkv" }
        var held: [String] = []
        for name in names {
            let peer = try registry.greeted()
            _ = try registry.addFiles(peer, [Fixtures.file(name, seed: "one file")])
            held.append(name)
            let slot = try #require(registry.contentSlot(Fixtures.hash("one file")))
            let indexed = registry.words.words(ofSlot: slot).map { registry.words.words[Int($0)] }
            #expect(indexed == IndexItem.words(of: held, maximumPerName: registry.limits.maximumWordsPerName),
                    "after \(held.count) holders")
        }
        // Four distinct names came before the takes: takes up to the 28th make 32.
        let lastTake = IndexItem.maximumNames - 4
        #expect(registry.search(SearchQuery(keywords: ["take", "\(lastTake)"])).hits.count == 1)
        #expect(registry.search(SearchQuery(keywords: ["take", "\(lastTake + 1)"])).hits.isEmpty,
                "a name past the first \(IndexItem.maximumNames) distinct ones is not searched")
    }
}
