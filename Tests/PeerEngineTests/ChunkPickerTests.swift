import PeerEngine
import Testing

@Suite("Chunk picker")
struct ChunkPickerTests {
    @Test("sources get the lowest missing chunks, one source per chunk, skipping what is already done")
    func frontFirst() {
        var done = ChunkBitmap(count: 5)
        done[1] = true
        var picker = ChunkPicker(done: done)
        #expect(picker.claim(for: "a") == 0)
        #expect(picker.claim(for: "b") == 2)
        #expect(picker.claim(for: "a") == 3)
        #expect(picker.inFlight == 3)
    }

    @Test("a released chunk is handed out again before later ones")
    func releaseGoesBack() {
        var picker = ChunkPicker(done: ChunkBitmap(count: 4))
        #expect(picker.claim(for: "a") == 0)
        #expect(picker.claim(for: "b") == 1)
        picker.release(0, by: "a")
        #expect(picker.claim(for: "b") == 0)
        #expect(picker.claim(for: "a") == 2)
    }

    @Test("endgame: an idle source gets a copy of a chunk another is still fetching; the first verified copy wins")
    func endgame() {
        var picker = ChunkPicker(done: ChunkBitmap(count: 2))
        #expect(picker.claim(for: "stalled") == 0)
        #expect(picker.claim(for: "fast") == 1)
        picker.complete(1)
        #expect(picker.claim(for: "fast") == 0, "the fast source fetches the stalled source's chunk too")
        #expect(picker.claim(for: "fast") == nil, "never two copies for the same source")
        #expect(picker.claim(for: "third") == nil, "at most \(ChunkPicker.endgameCopies) copies of a chunk")
        picker.complete(0)
        #expect(picker.isDone(0) && picker.isComplete)
        picker.release(0, by: "stalled")
        #expect(picker.isComplete, "a late failure of the other copy changes nothing")
        #expect(picker.claim(for: "stalled") == nil)
    }

    @Test("when one of two copies fails, the chunk stays with the other; when both fail it is missing again")
    func endgameRelease() {
        var picker = ChunkPicker(done: ChunkBitmap(count: 1))
        #expect(picker.claim(for: "a") == 0)
        #expect(picker.claim(for: "b") == 0)
        picker.release(0, by: "a")
        #expect(picker.claim(for: "c") == 0, "one copy left: a second may start")
        picker.release(0, by: "b")
        picker.release(0, by: "c")
        #expect(picker.inFlight == 0)
        #expect(picker.claim(for: "a") == 0)
    }

    @Test("two unproven sources holding both copies of the last chunk do not keep a proven source from it")
    func provenSourceOvertakesStallers() {
        var picker = ChunkPicker(done: ChunkBitmap(count: 2))
        #expect(picker.claim(for: "honest") == 0)
        picker.complete(0)
        #expect(picker.claim(for: "staller1") == 1)
        #expect(picker.claim(for: "staller2") == 1, "an endgame copy")
        #expect(picker.claim(for: "honest") == nil, "not yet proven: two copies are the most")
        picker.markProven("honest")
        #expect(picker.claim(for: "honest") == 1, "proven: the stallers' copies do not count against it")
        #expect(picker.claim(for: "staller3") == nil, "an unproven source still counts every copy")
        picker.complete(1)
        #expect(picker.isComplete)
    }
}
