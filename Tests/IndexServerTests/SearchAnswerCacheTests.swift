import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// The kept answers: given only under the stamp they were made under, and never more than the budget.
@Suite("Search answer cache")
struct SearchAnswerCacheTests {
    private static func stamp(_ generation: UInt64, words: [Int32] = [1, 2]) -> SearchStamp {
        SearchStamp(epoch: 0, keyword: 0, words: words, generation: generation)
    }

    @Test("an answer is given under its own stamp only; under another it is dropped")
    func stamps() {
        var cache = SearchAnswerCache<String>(byteLimit: 1 << 20)
        let query = SearchQuery(keywords: ["flac"])
        cache.keep("answer", bytes: 100, for: query, stamp: Self.stamp(7))
        #expect(cache.answer(for: query, stamp: Self.stamp(7)) == "answer")
        #expect(cache.answer(for: SearchQuery(keywords: ["flac"], limit: 5), stamp: Self.stamp(7)) == nil)
        #expect(cache.answer(for: query, stamp: Self.stamp(7, words: [1, 2, 3])) == nil, "a new word the keyword prefixes")
        #expect(cache.answer(for: query, stamp: Self.stamp(7)) == nil, "dropped once stale")
        #expect(cache.count == 0 && cache.bytes == 0)
    }

    @Test("the budget holds; the answer used since it was kept outlives one that was not")
    func budget() {
        let queries = (0..<8).map { SearchQuery(keywords: ["word\($0)"]) }
        let cost = SearchAnswerCache<Int>.cost(of: 1000, for: queries[0], stamp: Self.stamp(1))
        var cache = SearchAnswerCache<Int>(byteLimit: 8 * cost)
        for (index, query) in queries.enumerated() { cache.keep(index, bytes: 1000, for: query, stamp: Self.stamp(1)) }
        #expect(cache.count == 8 && cache.bytes == 8 * cost)
        #expect(cache.answer(for: queries[0], stamp: Self.stamp(1)) == 0)
        cache.keep(8, bytes: 1000, for: SearchQuery(keywords: ["new"]), stamp: Self.stamp(1))
        #expect(cache.count == 8 && cache.bytes <= 8 * cost)
        #expect(cache.answer(for: queries[0], stamp: Self.stamp(1)) == 0, "used: a second round")
        #expect(cache.answer(for: queries[1], stamp: Self.stamp(1)) == nil, "the oldest not used: gone")
        for round in 0..<10_000 {
            cache.keep(round, bytes: 1000, for: SearchQuery(keywords: ["churn\(round % 50)"]), stamp: Self.stamp(UInt64(round)))
            #expect(cache.bytes <= 8 * cost)
        }
    }

    @Test("an answer over an eighth of the budget is not kept")
    func oversized() {
        var cache = SearchAnswerCache<String>(byteLimit: 8 * 1024)
        cache.keep("big", bytes: 1024, for: SearchQuery(keywords: ["big"]), stamp: Self.stamp(1))
        #expect(cache.count == 0 && cache.bytes == 0)
    }

    @Test("long queries count for their length: thousands of 8 KB keywords stay within the budget")
    func longQueries() {
        var cache = SearchAnswerCache<String>(byteLimit: 1 << 20)
        for number in 0..<2000 {
            let query = SearchQuery(keywords: [String(repeating: "x", count: 8000) + "\(number)"])
            cache.keep("", bytes: 0, for: query, stamp: Self.stamp(1))
            #expect(cache.bytes <= 1 << 20)
        }
        #expect(cache.count < 70, "each counts for over 16 KB: at most 64 fit in 1 MiB")
        cache.keep("nothing", bytes: 10, for: SearchQuery(keywords: ["zzzz"]), stamp: Self.stamp(1, words: []))
        #expect(cache.answer(for: SearchQuery(keywords: ["zzzz"]), stamp: Self.stamp(1, words: [])) == nil,
                "a query matching no word is not kept")
    }

    @Test("a registry started again (a node rejoining its cluster) never gives a stamp of the old one")
    func newRegistryNewStamps() throws {
        func loaded(epoch: UInt64) throws -> Registry {
            var registry = Registry()
            registry.searchEpoch = epoch
            let peer = registry.openSession(address: "10.0.0.1")
            try registry.hello(peer, Hello(port: 1))
            _ = try registry.addFiles(peer, [Fixtures.file("alpha song.mp3")])
            return registry
        }
        let query = SearchQuery(keywords: ["song"])
        let old = try #require(try loaded(epoch: 0).searchStamp(query))
        let again = try #require(try loaded(epoch: 1).searchStamp(query))
        #expect(old.words == again.words && old.generation == again.generation, "the same changes made again")
        #expect(old != again)
    }
}
