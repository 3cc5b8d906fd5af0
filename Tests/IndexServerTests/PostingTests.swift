import Model
import Testing
@testable import IndexServer

@Suite("Posting")
struct PostingTests {
    @Test("random inserts and removals across many runs list exactly the slots a set would, in order")
    func againstASet() {
        var rng = SplitMix64(seed: 11)
        var posting = Posting()
        var expected = Set<Int32>()
        let range = UInt64(8 * Posting.maximumRun)
        for step in 0..<40_000 {
            // Mostly appends early on, then a mix weighted to removals so runs empty and vanish too.
            let slot = step < 6_000 ? Int32(step) : Int32(rng.next() % range)
            if step >= 6_000, rng.next() % 5 < 3 {
                posting.remove(slot)
                expected.remove(slot)
            } else {
                posting.insert(slot)
                expected.insert(slot)
            }
            if step % 2_000 == 1_999 {
                #expect(Array(posting) == expected.sorted(), "step \(step)")
                #expect(posting.count == expected.count)
                #expect((0..<Int32(range)).allSatisfy { posting.contains($0) == expected.contains($0) })
            }
        }
        for slot in expected { posting.remove(slot) }
        #expect(posting.isEmpty && Array(posting).isEmpty && !posting.contains(0))
    }
}
