import Model
import Wire

/// What hashing a file yields: its chunk list, whose root is the file's id (PROTOCOL.md §6.3).
public struct FileDigest: Hashable, Sendable {
    public var chunks: ChunkList
    /// The file's id, as the index and other peers know it.
    public let hash: ContentHash

    public init(chunks: ChunkList) {
        self.chunks = chunks
        hash = chunks.root
    }

    /// The chunk digests as one blob of 32-byte digests, for storage.
    var chunkBlob: [UInt8] { chunks.digests.flatMap(\.bytes) }

    static func chunks(fromBlob blob: [UInt8]) -> ChunkList? {
        guard blob.count % 32 == 0 else { return nil }
        var digests: [ContentHash] = []
        digests.reserveCapacity(blob.count / 32)
        var index = 0
        while index < blob.count {
            guard let digest = ContentHash(bytes: blob[index..<(index + 32)]) else { return nil }
            digests.append(digest)
            index += 32
        }
        return ChunkList(digests: digests)
    }
}
