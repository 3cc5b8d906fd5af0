import Model
import NIOCore
import PeerEngine
import Testing
import Wire

@Suite("In-order hasher")
struct InOrderHasherTests {
    /// A 5-chunk "file" with chunks of 4 bytes (the hasher does not care about the chunk size).
    let chunks: [[UInt8]] = (0..<5).map { chunk in (0..<4).map { UInt8(chunk * 4 + $0) } }
    var whole: ContentHash { ChunkList.digest(of: chunks.flatMap { $0 }) }

    func bytes(_ index: Int) -> ByteBuffer { ByteBuffer(bytes: chunks[index]) }

    @Test("chunks in file order give the whole file's SHA-256")
    func inOrder() {
        var hasher = InOrderHasher(chunkCount: 5)
        for index in 0..<5 {
            #expect(hasher.finalize() == nil, "no hash before the last chunk")
            hasher.add(index, bytes(index))
        }
        #expect(hasher.isComplete && hasher.finalize() == whole)
    }

    @Test("early chunks are held until their turn; repeats are ignored")
    func early() {
        var hasher = InOrderHasher(chunkCount: 5, holding: 4)
        for index in [2, 1, 4, 2, 3] { hasher.add(index, bytes(index)) }
        #expect(hasher.next == 0 && hasher.heldCount == 4)
        hasher.add(0, bytes(0))
        #expect(hasher.heldCount == 0)
        hasher.add(0, bytes(1))  // a late copy changes nothing
        #expect(hasher.finalize() == whole)
    }

    @Test("a chunk too early to hold, or verified in an earlier run, is wanted from the file when its turn comes")
    func readBack() {
        var hasher = InOrderHasher(chunkCount: 5, holding: 1)
        var done = ChunkBitmap(count: 5)
        done[0] = true  // from an earlier run: never offered
        #expect(hasher.wanted(done: done) == 0)
        hasher.add(0, bytes(0))
        for index in [3, 2] {
            done[index] = true
            hasher.add(index, bytes(index))
        }
        #expect(hasher.heldCount == 1, "chunk 2 is held; chunk 3 is too far ahead")
        #expect(hasher.wanted(done: done) == nil, "chunk 1 is still missing")
        done[1] = true
        hasher.add(1, bytes(1))
        #expect(hasher.next == 3 && hasher.wanted(done: done) == 3)
        hasher.add(3, bytes(3))
        #expect(hasher.wanted(done: done) == nil)
        hasher.add(4, bytes(4))
        #expect(hasher.finalize() == whole)
    }

    @Test("an empty file has no chunks and the SHA-256 of nothing")
    func empty() {
        #expect(InOrderHasher(chunkCount: 0).finalize() == ChunkList.digest(of: [UInt8]()))
    }
}
