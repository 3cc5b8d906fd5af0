import Model
import Wire

/// What hashing a file yields: its content hash, and its chunk list (whose root is announced to the index).
public struct FileDigest: Hashable, Sendable {
    public var hash: ContentHash
    public var chunks: ChunkList

    public init(hash: ContentHash, chunks: ChunkList) {
        self.hash = hash
        self.chunks = chunks
    }

    public var root: ContentHash { chunks.root }

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
