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
}
