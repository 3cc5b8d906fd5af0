import Foundation
import PeerEngine
import Testing
import TestSupport
import Wire

@Suite("File hasher")
struct FileHasherTests {
    static let mib = 1 << 20

    /// Sizes around the single-chunk shortcut and the 8 MiB batches, where an off-by-one would change a hash.
    @Test("hashing a file gives the same file and chunk hashes as hashing its bytes, at every size boundary",
          arguments: [0, 1, mib - 1, mib, mib + 1, 8 * mib - 1, 8 * mib, 8 * mib + 1, 17 * mib + 5])
    func matchesInMemory(size: Int) throws {
        let bytes = TestPeer.bytes(size, seed: UInt64(size))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hasher-\(UUID()).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try FileHasher.digest(ofFileAt: path)
        let expected = FileHasher.digest(of: bytes)
        #expect(fromFile.hash == ChunkList.digest(of: bytes))
        #expect(fromFile.chunks.digests == expected.chunks.digests)
        #expect(fromFile.chunks.digests.count == ChunkList.chunkCount(forSize: UInt64(size)))
    }
}
