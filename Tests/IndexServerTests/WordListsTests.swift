import Model
import Testing
@testable import IndexServer

@Suite("Word lists")
struct WordListsTests {
    @Test("lists set, replaced with longer and shorter ones, and cleared read back exactly, and given-up space is reused")
    func againstADictionary() {
        var rng = SplitMix64(seed: 5)
        var lists = WordLists()
        var expected: [Int32: [Int32]] = [:]
        for step in 0..<20_000 {
            let slot = Int32(rng.next() % 300)
            let ids = (0..<Int(rng.next() % 6)).map { _ in Int32(rng.next() % 1000) }
            lists.set(slot, ids)
            expected[slot] = ids
            if step % 1000 == 999 {
                #expect((0..<310).allSatisfy { Array(lists[Int32($0)]) == expected[Int32($0), default: []] }, "step \(step)")
            }
        }
        #expect(lists.poolSize <= 300 * 5 * 2, "the pool stays near the size of the lists in use: \(lists.poolSize)")
    }

    @Test("past several chunks of the pool, lists of many lengths set, replaced and cleared read back exactly")
    func acrossChunks() {
        var rng = SplitMix64(seed: 9)
        var lists = WordLists()
        var expected: [Int32: [Int32]] = [:]
        for step in 0..<30_000 {
            let slot = Int32(rng.next() % 4000)
            let ids = (0..<Int(rng.next() % 41)).map { _ in Int32(rng.next() % 100_000) }
            lists.set(slot, ids)
            expected[slot] = ids
            if step % 10_000 == 9_999 {
                #expect((0..<4010).allSatisfy { Array(lists[Int32($0)]) == expected[Int32($0), default: []] }, "step \(step)")
            }
        }
        #expect(lists.poolSize > 3 * WordLists.maximumLength, "the pool spans several chunks: \(lists.poolSize)")
    }
}
