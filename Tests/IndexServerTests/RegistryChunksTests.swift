import Model
import Testing
import TestSupport
@testable import IndexServer

/// A big change (a peer leaving with 100,000 records, a 5,000-file batch) is made a few records at a time
/// under the registry's write lock, and the lock is let go once a part has held it for its time, so other
/// peers' requests wait for one part at most.
@Suite("Big changes a part at a time")
struct RegistryChunksTests {
    @Test("with no time to hold the lock, each part is one piece, and every record is changed once, in order")
    func onePiecePerPart() {
        let lock = ReadWriteLocked(Registry())
        var changed: [Int] = []
        let holds = RegistryChunks.inParts(Array(0..<100), lock: lock, holdTime: .nanoseconds(0), piece: 8) { _, part in
            changed += part
            return true
        }
        #expect(holds == 13)
        #expect(changed == Array(0..<100))
    }

    @Test("with time to spare, one hold of the lock changes everything, a piece at a time")
    func oneHold() {
        let lock = ReadWriteLocked(Registry())
        var pieces: [ArraySlice<Int>] = []
        let holds = RegistryChunks.inParts(Array(0..<20), lock: lock, holdTime: .hours(1), piece: 8) { _, part in
            pieces.append(part)
            return true
        }
        #expect(holds == 1)
        #expect(pieces.map(\.count) == [8, 8, 4])
    }

    @Test("a piece that fails ends the change: nothing after it is changed")
    func stopsAtFailure() {
        let lock = ReadWriteLocked(Registry())
        var changed: [Int] = []
        let holds = RegistryChunks.inParts(Array(0..<100), lock: lock, holdTime: .nanoseconds(0), piece: 8) { _, part in
            changed += part
            return !part.contains(40)
        }
        #expect(changed == Array(0..<48))
        #expect(holds == 6)
    }

    @Test("a leaving peer's records still count (statistics, the records metric) until the last part has removed them, since until then they are found")
    func departingRecordsCount() throws {
        var registry = Registry()
        let staying = try registry.greeted(address: "10.0.0.1", port: 6001)
        let leaving = try registry.greeted(address: "10.0.0.2", port: 6002)
        _ = try registry.addFiles(staying, [Fixtures.file("kept notes.txt")])
        _ = try registry.addFiles(leaving, (0..<20).map { Fixtures.file("holiday photos \($0).jpg") })
        let slots = registry.detachSession(leaving)
        registry.removeRecords(of: leaving, in: slots.prefix(8))
        #expect(registry.recordCount == 13)
        #expect(RegistryCensus(registry).records == 13)
        #expect(!registry.search(SearchQuery(keywords: ["holiday"])).hits.isEmpty, "the 12 not removed yet are still found")
        registry.removeRecords(of: leaving, in: slots.dropFirst(8))
        registry.forgetDeparted(leaving)
        #expect(registry.recordCount == 1)
        #expect(RegistryCensus(registry).records == 1)
        #expect(registry.search(SearchQuery(keywords: ["holiday"])).hits.isEmpty)
    }
}
