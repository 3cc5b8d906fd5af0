import Testing
@testable import IndexServer

/// The registry's items are kept in chunks, so that adding one never copies the others.
@Suite("Chunked array")
struct ChunkedArrayTests {
    @Test("elements appended across several chunks read back in order, change in place, and slice like an array's")
    func acrossChunks() {
        let size = ChunkedArray<Int?>.chunkSize
        var array = ChunkedArray<Int?>()
        var plain: [Int?] = []
        for n in 0..<(2 * size + 3) {
            array.append(n)
            plain.append(n)
        }
        #expect(array.count == 2 * size + 3)
        #expect(Array(array) == plain)
        for position in [0, size - 1, size, 2 * size, 2 * size + 2] {
            array[position] = nil
            plain[position] = nil
        }
        #expect(Array(array) == plain)
        #expect(array[(2 * size)...].contains { $0 == nil })
        #expect(!array[(size + 1)..<(2 * size)].contains { $0 == nil })
        // Prefetching slots past the end (a posting ahead of the items) is harmless.
        array.prefetchElements(atSlotsOf: [RankKey.entry(key: 0, slot: Int32(size)), RankKey.entry(key: 0, slot: Int32(3 * size))])
    }

    @Test("a copy keeps its elements when the original changes (value semantics, like every part of the registry)")
    func valueSemantics() {
        var array = ChunkedArray<String>()
        for n in 0..<10 { array.append("item \(n)") }
        let copy = array
        array[3] = "changed"
        array.append("new")
        #expect(copy[3] == "item 3")
        #expect(copy.count == 10)
        #expect(array[3] == "changed")
        #expect(array.count == 11)
    }

    @Test("lists appended together never span two chunks, and read back and change whole")
    func listsTogether() {
        let size = ChunkedArray<Int32>.chunkSize
        var pool = ChunkedArray<Int32>()
        var lists: [(start: Int, ids: [Int32])] = []
        var n: Int32 = 1
        while pool.count < 3 * size {
            let ids = (0..<Int32(1 + lists.count % 500)).map { n + $0 }
            n += Int32(ids.count)
            let start = pool.appendTogether(ids, filler: 0)
            #expect(start / size == (start + ids.count - 1) / size, "list \(lists.count) spans two chunks")
            lists.append((start, ids))
        }
        #expect(lists.allSatisfy { Array(pool.slice($0.start..<($0.start + $0.ids.count))) == $0.ids })
        let changed = lists[lists.count / 2]
        pool.replace(from: changed.start, with: changed.ids.map { -$0 })
        #expect(Array(pool.slice(changed.start..<(changed.start + changed.ids.count))) == changed.ids.map { -$0 })
        #expect(pool.count - lists.map(\.ids.count).reduce(0, +) < 3 * 500, "only the ends of chunks are left unused")
    }
}
