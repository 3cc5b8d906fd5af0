import PeerEngine
import Testing
import Wire

/// One source's turn, path by path, without sockets or time: what the machine asks for after each answer
/// and check, and what it leaves in the chunk picker.
@Suite("Source machine")
struct SourceMachineTests {
    static let mib = ChunkList.chunkSize
    /// A file of `chunks` full chunks and a short last one (100 bytes).
    static func setup(chunks: Int) -> (SourceMachine, ChunkPicker) {
        let size = UInt64(chunks * mib + 100)
        return (SourceMachine(source: "a", fileSize: size), ChunkPicker(done: ChunkBitmap(count: chunks + 1)))
    }

    static func range(_ chunk: Int, length: Int = mib) -> ByteRange {
        ByteRange(first: UInt64(chunk * mib), last: UInt64(chunk * mib + length - 1))
    }

    static func good(_ chunk: Int, length: Int = mib) -> ChunkAnswer {
        .bytes(contentRange: "bytes \(chunk * mib)-\(chunk * mib + length - 1)/x", length: length)
    }

    @Test("one request until a chunk verifies, then four under way; the short last chunk is asked by its own length")
    func pipelining() {
        var (machine, picker) = Self.setup(chunks: 5)
        #expect(machine.start(picker: &picker) == [.request(chunk: 0, range: Self.range(0)), .awaitAnswer])
        #expect(machine.answered(Self.good(0), picker: &picker) == [.check(chunk: 0), .awaitCheck])
        #expect(machine.checked(.good, picker: &picker) == [
            .completed(chunk: 0), .request(chunk: 1, range: Self.range(1)), .request(chunk: 2, range: Self.range(2)),
            .request(chunk: 3, range: Self.range(3)), .request(chunk: 4, range: Self.range(4)), .awaitAnswer,
        ])
        // Checks overlap with answers, two at a time.
        #expect(machine.answered(Self.good(1), picker: &picker) == [.check(chunk: 1), .request(chunk: 5, range: Self.range(5, length: 100)), .awaitAnswer])
        #expect(machine.answered(Self.good(2), picker: &picker) == [.check(chunk: 2), .awaitCheck])
        #expect(machine.checked(.good, picker: &picker) == [.completed(chunk: 1), .awaitAnswer])
        #expect(picker.isDone(0) && picker.isDone(1) && !picker.isDone(2))
    }

    @Test("a busy source is waited for as long as it says (kept within 1–30 s), its chunk back in the pool; after 20 waits its turn ends")
    func busySource() {
        var (machine, picker) = Self.setup(chunks: 2)
        _ = machine.start(picker: &picker)
        #expect(machine.answered(.status(code: 503, phrase: "Service Unavailable", retryAfter: 7), picker: &picker) == [.wait(seconds: 7)])
        #expect(picker.inFlight == 0, "the chunk is free for other sources meanwhile")
        #expect(machine.resume(picker: &picker) == [.request(chunk: 0, range: Self.range(0)), .awaitAnswer])
        #expect(machine.answered(.status(code: 503, phrase: "Service Unavailable", retryAfter: 3600), picker: &picker) == [.wait(seconds: 30)])
        _ = machine.resume(picker: &picker)
        #expect(machine.answered(.status(code: 503, phrase: "Service Unavailable", retryAfter: nil), picker: &picker) == [.wait(seconds: 5)])
        for _ in 3..<SourceMachine.maximumBusyWaits {
            _ = machine.resume(picker: &picker)
            _ = machine.answered(.status(code: 503, phrase: "Service Unavailable", retryAfter: 1), picker: &picker)
        }
        _ = machine.resume(picker: &picker)
        #expect(machine.answered(.status(code: 503, phrase: "Service Unavailable", retryAfter: 1), picker: &picker)
                == [.end(problem: "answered 503 Service Unavailable for chunk 0")])
        #expect(picker.inFlight == 0)
    }

    @Test("a lying source is asked for one chunk, banned at the bad one, and the chunk goes back to the pool")
    func lyingSource() {
        var (machine, picker) = Self.setup(chunks: 8)
        #expect(machine.start(picker: &picker).filter { if case .request = $0 { return true }; return false }.count == 1)
        _ = machine.answered(Self.good(0), picker: &picker)
        #expect(machine.checked(.bad, picker: &picker) == [.cancelChecks, .ban(reason: "sent a bad chunk 0")])
        #expect(picker.inFlight == 0 && !picker.isDone(0))
        #expect(picker.claim(for: "b") == 0, "another source gets the chunk")
    }

    @Test("an answer for another range, of another length, or past the size limit (a huge Content-Length) is bad data: the source is banned")
    func wrongAnswers() {
        var (machine, picker) = Self.setup(chunks: 2)
        _ = machine.start(picker: &picker)
        #expect(machine.answered(.bytes(contentRange: "bytes 0-99/5000000", length: 100), picker: &picker)
                == [.cancelChecks, .ban(reason: "answered 'bytes 0-99/5000000' for chunk 0, bytes 0-1048575")])
        var (other, picker2) = Self.setup(chunks: 2)
        _ = other.start(picker: &picker2)
        #expect(other.answered(.bytes(contentRange: nil, length: 17), picker: &picker2)
                == [.cancelChecks, .ban(reason: "sent 17 bytes for chunk 0 of 1048576")])
        var (third, picker3) = Self.setup(chunks: 2)
        _ = third.start(picker: &picker3)
        #expect(third.answered(.malformed, picker: &picker3)
                == [.cancelChecks, .ban(reason: "answered chunk 0 with something that is not a chunk (broken, or over 1048576 bytes)")])
        #expect(picker.inFlight == 0 && picker2.inFlight == 0 && picker3.inFlight == 0)
    }

    @Test("a stall or a closed connection ends the turn with why; chunks asked go back, chunks being checked still count")
    func stall() {
        var (machine, picker) = Self.setup(chunks: 6)
        _ = machine.start(picker: &picker)
        _ = machine.answered(Self.good(0), picker: &picker)
        _ = machine.checked(.good, picker: &picker)  // 1, 2, 3, 4 under way
        #expect(machine.answered(Self.good(1), picker: &picker) == [.check(chunk: 1), .request(chunk: 5, range: Self.range(5)), .awaitAnswer])
        #expect(machine.answered(.none("timed out after 120 s"), picker: &picker) == [.awaitCheck])
        #expect(picker.claim(for: "b") == 2, "the stalled chunk and those after it are free again")
        #expect(machine.checked(.good, picker: &picker) == [.completed(chunk: 1), .end(problem: "ended chunk 2: timed out after 120 s")])
        #expect(picker.isDone(1))
    }

    @Test("a 404 ends the turn with the status; nothing left to fetch ends it without a problem")
    func notFoundAndDone() {
        var (machine, picker) = Self.setup(chunks: 1)
        _ = machine.start(picker: &picker)
        #expect(machine.answered(.status(code: 404, phrase: "Not Found", retryAfter: nil), picker: &picker)
                == [.end(problem: "answered 404 Not Found for chunk 0")])
        var (second, fresh) = Self.setup(chunks: 0)
        #expect(second.start(picker: &fresh) == [.request(chunk: 0, range: Self.range(0, length: 100)), .awaitAnswer])
        _ = second.answered(Self.good(0, length: 100), picker: &fresh)
        #expect(second.checked(.good, picker: &fresh) == [.completed(chunk: 0), .end(problem: nil)])
        #expect(fresh.isComplete)
    }

    @Test("endgame: a copy another source already delivered is dropped unchecked, and a second verified copy does not count twice")
    func endgame() {
        var picker = ChunkPicker(done: ChunkBitmap(count: 1))
        var a = SourceMachine(source: "a", fileSize: 100), b = SourceMachine(source: "b", fileSize: 100)
        _ = a.start(picker: &picker)
        #expect(b.start(picker: &picker) == [.request(chunk: 0, range: Self.range(0, length: 100)), .awaitAnswer], "an endgame copy")
        _ = a.answered(Self.good(0, length: 100), picker: &picker)
        _ = b.answered(Self.good(0, length: 100), picker: &picker)
        #expect(a.checked(.good, picker: &picker) == [.completed(chunk: 0), .end(problem: nil)])
        #expect(b.checked(.good, picker: &picker) == [.end(problem: nil)], "already counted")
        var c = SourceMachine(source: "c", fileSize: 200)
        var late = ChunkPicker(done: ChunkBitmap(count: 1))
        _ = c.start(picker: &late)
        late.complete(0)  // another source delivered it meanwhile
        #expect(c.answered(Self.good(0, length: 200), picker: &late) == [.end(problem: nil)])
    }

    @Test("a chunk that cannot be written (disk full) fails the download with the reason, and every chunk held goes back")
    func diskFull() {
        var (machine, picker) = Self.setup(chunks: 3)
        _ = machine.start(picker: &picker)
        _ = machine.answered(Self.good(0), picker: &picker)
        #expect(machine.checked(.unwritable("No space left on device"), picker: &picker)
                == [.cancelChecks, .failDownload(reason: "No space left on device")])
        #expect(picker.inFlight == 0 && !picker.isDone(0))
    }
}
