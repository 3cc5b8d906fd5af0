import Model
import Testing
@testable import IndexServer

@Suite("Word lists")
struct WordListsTests {
    /// Sets `steps` random lists (up to `longest` ids) on `slots` slots, checking every slot against a
    /// dictionary every `checkEvery` steps; returns the lists.
    private func setAndCheck(seed: UInt64, slots: UInt64, longest: UInt64, steps: Int, checkEvery: Int) -> WordLists {
        var rng = SplitMix64(seed: seed)
        var lists = WordLists()
        var expected: [Int32: [Int32]] = [:]
        for step in 0..<steps {
            let slot = Int32(rng.next() % slots)
            let ids = (0..<Int(rng.next() % (longest + 1))).map { _ in Int32(rng.next() % 100_000) }
            lists.set(slot, ids)
            expected[slot] = ids
            if step % checkEvery == checkEvery - 1 {
                #expect((0..<(Int(slots) + 10)).allSatisfy { Array(lists[Int32($0)]) == expected[Int32($0), default: []] }, "step \(step)")
            }
        }
        return lists
    }

    @Test("lists set, replaced with longer and shorter ones, and cleared read back exactly, and given-up space is reused")
    func againstADictionary() {
        let lists = setAndCheck(seed: 5, slots: 300, longest: 5, steps: 20_000, checkEvery: 1000)
        #expect(lists.poolSize <= 300 * 5 * 2, "the pool stays near the size of the lists in use: \(lists.poolSize)")
    }

    @Test("past several chunks of the pool, lists of many lengths set, replaced and cleared read back exactly")
    func acrossChunks() {
        let lists = setAndCheck(seed: 9, slots: 4000, longest: 40, steps: 30_000, checkEvery: 10_000)
        #expect(lists.poolSize > 3 * WordLists.maximumLength, "the pool spans several chunks: \(lists.poolSize)")
    }
}
