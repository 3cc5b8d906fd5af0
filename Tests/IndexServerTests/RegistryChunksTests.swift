import Testing
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
}
