import Model
import Testing
@testable import IndexServer

@Suite("Sorted runs")
struct SortedRunsTests {
    @Test("random inserts and removals across many runs list exactly the entries a set would, in order")
    func againstASet() {
        var rng = SplitMix64(seed: 11)
        var posting = SortedRuns()
        var expected = Set<UInt64>()
        let range = UInt64(8 * SortedRuns.maximumRun)
        for step in 0..<40_000 {
            // Entries anywhere in the order (an item's rank decides where it goes), weighted to removals
            // later so runs empty and vanish, and the posting falls back to one entry and to none.
            let entry = rng.next() % range
            if step >= 6_000, rng.next() % 5 < 3 {
                posting.remove(entry)
                expected.remove(entry)
            } else {
                posting.insert(entry)
                expected.insert(entry)
            }
            if step % 2_000 == 1_999 {
                #expect(Array(posting) == expected.sorted(), "step \(step)")
                #expect(posting.count == expected.count)
                #expect((0..<range).allSatisfy { posting.contains($0) == expected.contains($0) })
                let start = rng.next() % (range + 10)
                #expect(Array(IteratorSequence(posting.entries(from: start))) == expected.sorted().filter { $0 >= start },
                        "step \(step): from \(start)")
            }
        }
        for entry in expected { posting.remove(entry) }
        #expect(posting.isEmpty && Array(posting).isEmpty && !posting.contains(0))
    }

    @Test("one entry, two, back to one and none: each listed exactly")
    func smallPostings() {
        var posting = SortedRuns()
        posting.insert(5)
        posting.insert(5)
        #expect(Array(posting) == [5] && posting.count == 1)
        posting.insert(3)
        #expect(Array(posting) == [3, 5] && posting.contains(3) && !posting.contains(4))
        posting.remove(5)
        #expect(Array(posting) == [3] && posting.count == 1)
        #expect(Array(IteratorSequence(posting.entries(from: 3))) == [3])
        #expect(Array(IteratorSequence(posting.entries(from: 4))).isEmpty)
        posting.remove(4)
        posting.remove(3)
        #expect(posting.isEmpty && Array(posting).isEmpty)
    }

    @Test("a rank key never puts a lower-ranked name first: packed keys agree with the full rank")
    func keysAgreeWithRanks() {
        var rng = SplitMix64(seed: 3)
        let pieces = ["a", "B", "é", "e\u{301}", "Z", "zz", "Ω", "日本", " ", "0", "mast", "master"]
        var names = (0..<400).map { _ in (0..<(1 + rng.next() % 4)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() }
        // Names at and past the length cap, short and long, in both orders.
        names += ["b" + String(repeating: "x", count: 254), "a" + String(repeating: "x", count: 300),
                  "c" + String(repeating: "y", count: 255), "Z"]
        let sourceCounts = [0, 1, 150, 254, 255, 256, 300]
        let ranks = names.enumerated().map { index, name in
            SearchRank(exactWords: 0, sources: sourceCounts[Int(rng.next() % UInt64(sourceCounts.count))],
                       nameLength: name.count, name: name, order: Int32(index))
        }
        let keys = ranks.map { RankKey.make(sources: $0.sources, name: $0.name, nameLength: $0.nameLength) }
        for (rank, key) in zip(ranks, keys) {
            #expect(RankKey.nameLength(in: key) ?? rank.nameLength == rank.nameLength, "the length a key gives back")
        }
        for a in ranks.indices {
            for b in ranks.indices where keys[a] > keys[b] {
                #expect(ranks[a] > ranks[b], "\(ranks[a].name) (\(ranks[a].sources)) should outrank \(ranks[b].name) (\(ranks[b].sources))")
            }
        }
    }
}
