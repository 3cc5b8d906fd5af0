import Model
import Testing
import TestSupport
@testable import IndexServer

@Suite("Content slot table")
struct ContentSlotTableTests {
    private func item(_ hash: ContentHash) -> IndexItem {
        .content(ContentItem(hash: hash, holders: HolderList(ContentHolder(peer: PeerID(1), size: 1, name: "f"))))
    }

    @Test("after thousands of inserts and removals, every hash finds its slot and removed ones find none",
          arguments: [(UInt32.max, 3000), (0b111, 300)])
    func insertRemove(tagMask: UInt32, perRound: Int) {
        // With 3 bits of tag, hundreds of hashes share each tag and home bucket: a probe must tell them apart
        // by the hash in the item, and deletions shift long runs.
        var rng = SplitMix64(seed: 3)
        var table = ContentSlotTable(tagMask: tagMask)
        var items = ChunkedArray<IndexItem?>()
        var expected: [ContentHash: Int32] = [:]
        var removed: [ContentHash] = []
        for round in 0..<6 {
            for n in 0..<perRound {
                let hash = Fixtures.hash("table \(round) \(n)")
                let slot = Int32(items.count)
                items.append(item(hash))
                table.insert(slot, for: hash)
                expected[hash] = slot
            }
            for (hash, slot) in expected where rng.next() % 2 == 0 {
                table.remove(slot, for: hash)
                items[Int(slot)] = nil
                expected[hash] = nil
                removed.append(hash)
            }
            #expect(table.count == expected.count)
            #expect(expected.allSatisfy { table.slot(for: $0.key, in: items) == $0.value }, "round \(round)")
            #expect(removed.allSatisfy { table.slot(for: $0, in: items) == nil }, "round \(round)")
        }
    }

    @Test("a table that grows is made ahead and filled a few entries at a time: during the move every hash is found, removals from either table work, and the move ends before the next growth")
    func growsALittleAtATime() {
        var rng = SplitMix64(seed: 11)
        var table = ContentSlotTable()
        var items = ChunkedArray<IndexItem?>()
        var expected: [ContentHash: Int32] = [:]
        var removed: [ContentHash] = []
        var growths = 0, checkedWhileDraining = 0
        var countAtGrowth = 0
        var freeSlots: [Int32] = []
        for n in 0..<40_000 {
            let hash = Fixtures.hash("growing \(n)")
            // Freed slots are reused, as the registry reuses them.
            let slot: Int32
            if let reused = freeSlots.popLast() {
                slot = reused
                items[Int(slot)] = item(hash)
            } else {
                slot = Int32(items.count)
                items.append(item(hash))
            }
            let wasDraining = table.isDraining
            let before = table.bucketCounts
            table.insert(slot, for: hash)
            if table.bucketCounts.current > before.current, before.current >= 64 {
                #expect(before.next == 2 * before.current, "the next table was made ahead, not at the growth")
            }
            expected[hash] = slot
            if table.isDraining && !wasDraining {
                growths += 1
                countAtGrowth = table.count
            }
            if table.isDraining {
                // A table grows when three quarters full and doubles: the old one must be empty before the
                // new one's count is half as large again.
                #expect(table.count < countAtGrowth * 3 / 2, "still moving entries at \(table.count)")
            }
            // Now and then, mid-move: remove some entries (old table or new), then check every hash.
            if table.isDraining, n % 97 == 0 {
                for (hash, slot) in expected where rng.next() % 8 == 0 {
                    table.remove(slot, for: hash)
                    items[Int(slot)] = nil
                    expected[hash] = nil
                    removed.append(hash)
                    freeSlots.append(slot)
                }
                #expect(table.count == expected.count)
                #expect(expected.allSatisfy { table.slot(for: $0.key, in: items) == $0.value }, "at insert \(n)")
                #expect(removed.allSatisfy { table.slot(for: $0, in: items) == nil }, "at insert \(n)")
                checkedWhileDraining += 1
            }
        }
        #expect(growths >= 8)
        #expect(checkedWhileDraining >= 5, "the test looked at tables mid-move")
        #expect(table.count == expected.count)
        #expect(expected.allSatisfy { table.slot(for: $0.key, in: items) == $0.value })
        #expect(removed.allSatisfy { table.slot(for: $0, in: items) == nil })
    }
}
