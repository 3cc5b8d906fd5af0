import Foundation
import PeerEngine
import Testing
import TestSupport
import Wire

@Suite("File hasher")
struct FileHasherTests {
    static let mib = 1 << 20

    /// Sizes around the single-chunk shortcut and the 8 MiB batches, where an off-by-one would change a hash.
    @Test("a file's chunk hashes and id are the same read from disk as computed slice by slice, at every size boundary",
          arguments: [0, 1, mib - 1, mib, mib + 1, 8 * mib - 1, 8 * mib, 8 * mib + 1, 17 * mib + 5])
    func matchesInMemory(size: Int) throws {
        let bytes = TestPeer.bytes(size, seed: UInt64(size))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hasher-\(UUID()).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try FileHasher.digest(ofFileAt: path)
        // The id as PROTOCOL.md §6.3 defines it, computed here slice by slice.
        let slices = stride(from: 0, to: size, by: Self.mib).map { Array(bytes[$0..<min(size, $0 + Self.mib)]) }
        let digests = slices.map { ChunkList.digest(of: $0) }
        #expect(fromFile.chunks.digests == digests)
        #expect(fromFile.hash == ChunkList.digest(of: digests.flatMap(\.bytes)))
        #expect(FileHasher.digest(of: bytes) == fromFile)
    }

    @Test("known ids: an empty file is the SHA-256 of nothing; a one-chunk file is the SHA-256 of its SHA-256")
    func knownIDs() {
        #expect(FileHasher.digest(of: []).hash.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let abc = FileHasher.digest(of: Array("abc".utf8))
        #expect(abc.chunks.digests.map(\.hex) == ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"])
        #expect(abc.hash == ChunkList.digest(of: abc.chunks.digests[0].bytes))
    }
}
