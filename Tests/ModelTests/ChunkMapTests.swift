import Model
import Testing

@Suite("Chunk map")
struct ChunkMapTests {
    @Test("states are kept as runs; counts add up")
    func runs() {
        let map = ChunkMap(states: [.verified, .verified, .inFlight, .missing, .missing, .missing, .verified])
        #expect(map.runs == [.init(.verified, 2), .init(.inFlight, 1), .init(.missing, 3), .init(.verified, 1)])
        #expect(map.count == 7 && map.count(of: .verified) == 3 && map.count(of: .missing) == 3)
        #expect(ChunkMap(runs: [.init(.missing, 0), .init(.verified, 2), .init(.verified, 3)]).runs == [.init(.verified, 5)])
    }

    @Test("cells: one per chunk when they fit; a group is verified only when all of it is, in flight when any is")
    func cells() {
        let map = ChunkMap(states: [.verified, .verified, .inFlight, .missing, .missing, .missing, .verified, .verified])
        #expect(map.cells(20) == [.verified, .verified, .inFlight, .missing, .missing, .missing, .verified, .verified])
        #expect(map.cells(4) == [.verified, .inFlight, .missing, .verified])
        #expect(map.cells(2) == [.inFlight, .missing])
        #expect(map.cells(0).isEmpty && ChunkMap().cells(5).isEmpty)
        // A big file: 100,000 chunks into 300 cells, each cell 333 or 334 chunks.
        let big = ChunkMap(runs: [.init(.verified, 50_000), .init(.missing, 50_000)])
        let cells = big.cells(300)
        #expect(cells.count == 300 && cells.prefix(150).allSatisfy { $0 == .verified } && cells.suffix(149).allSatisfy { $0 == .missing })
    }
}
