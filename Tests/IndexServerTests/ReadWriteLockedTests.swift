import NIOCore
import Testing
import TestSupport
@testable import IndexServer

/// The registry's lock tells the index's metrics how long each change kept searches and lookups out.
@Suite("The registry's lock")
struct ReadWriteLockedTests {
    @Test("each write is told how long it held the lock; reads, and a write that finds the lock taken, are not")
    func writeHolds() {
        let holds = Recorder<TimeAmount>()
        let lock = ReadWriteLocked(0, writeHeld: { holds.append($0) })
        lock.withWriteLock { value in
            // Held for 2 ms, busy (no sleep): the hold told must be at least that long.
            let end = NIODeadline.now() + .milliseconds(2)
            while NIODeadline.now() < end { value += 1 }
        }
        #expect(holds.all.count == 1)
        #expect(holds.all.allSatisfy { $0 >= .milliseconds(2) })

        #expect(lock.withReadLock { $0 } > 0)
        let refused = lock.withReadLock { _ in lock.withWriteLockIfFree { value -> Int in value = 0; return value } }
        #expect(refused == nil, "the lock was held for reading")
        #expect(holds.all.count == 1, "neither the read nor the refused write was told")

        #expect(lock.withWriteLockIfFree { $0 = -1 } != nil)
        #expect(holds.all.count == 2)
        #expect(lock.withReadLock { $0 } == -1)
    }

    @Test("a write that throws still lets the lock go and is told")
    func throwingWrite() {
        struct Refused: Error {}
        let holds = Recorder<TimeAmount>()
        let lock = ReadWriteLocked(1, writeHeld: { holds.append($0) })
        #expect(throws: Refused.self) { try lock.withWriteLock { _ in throw Refused() } }
        #expect(holds.all.count == 1)
        #expect(lock.withWriteLockIfFree { $0 } == 1, "the lock is free again")
    }
}
