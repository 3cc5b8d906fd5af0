import Model
import Testing
import TestSupport
@testable import IndexServer

@Suite("Content slot table")
struct ContentSlotTableTests {
    private func item(_ hash: ContentHash) -> IndexItem {
        .content(ContentItem(hash: hash, holders: HolderList(ContentHolder(peer: PeerID(1), size: 1, name: "f"))))
    }

    @Test("after thousands of inserts and removals, every hash finds its slot and removed ones find none")
    func insertRemove() {
        var rng = SplitMix64(seed: 3)
        var table = ContentSlotTable()
        var items: [IndexItem?] = []
        var expected: [ContentHash: Int32] = [:]
        var removed: [ContentHash] = []
        for round in 0..<6 {
            for n in 0..<3000 {
                let hash = Fixtures.hash("table \(round) \(n)")
                let slot = Int32(items.count)
                items.append(item(hash))
                table.insert(slot, for: hash, in: items)
                expected[hash] = slot
            }
            for (hash, slot) in expected where rng.next() % 2 == 0 {
                table.remove(slot, for: hash, in: items)
                items[Int(slot)] = nil
                expected[hash] = nil
                removed.append(hash)
            }
            #expect(table.count == expected.count)
            #expect(expected.allSatisfy { table.slot(for: $0.key, in: items) == $0.value }, "round \(round)")
            #expect(removed.allSatisfy { table.slot(for: $0, in: items) == nil }, "round \(round)")
        }
    }
}
