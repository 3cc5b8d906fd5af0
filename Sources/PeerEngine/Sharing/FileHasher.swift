import Crypto
import Dispatch
import Foundation
import Model
import NIOConcurrencyHelpers
import Wire

/// Hashes a file: the whole-file SHA-256 and the SHA-256 of every 1 MiB chunk.
///
/// A file of one chunk is hashed once (its chunk hash is its file hash). A bigger file is read in batches
/// of ``batchChunks`` chunks, and each batch is hashed twice at once on two threads: whole-file on one,
/// chunk by chunk on the other. Blocking: call it from a thread meant for it (the engine's I/O pool), never
/// from an event loop.
public enum FileHasher {
    /// Chunks read and hashed together (8 MiB).
    static let batchChunks = 8

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        case stopped
        public var description: String {
            switch self {
            case .unreadable(let path): return "cannot read \(path)"
            case .stopped: return "hashing stopped"
            }
        }
    }

    /// - Parameter shouldStop: asked between batches; when it says true, hashing ends with ``Failure/stopped``.
    public static func digest(ofFileAt path: String, shouldStop: () -> Bool = { false }) throws -> FileDigest {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.unreadable(path) }
        defer { try? handle.close() }
        let whole = NIOLockedValueBox(SHA256())
        var digests: [ContentHash] = []
        var first = true
        while true {
            if shouldStop() { throw Failure.stopped }
            guard let batch = try handle.read(upToCount: batchChunks * ChunkList.chunkSize), !batch.isEmpty else { break }
            if first, batch.count <= ChunkList.chunkSize {
                // The whole file is one chunk: one hash serves as both.
                let hash = ContentHash(bytes: Array(SHA256.hash(data: batch)))!
                return FileDigest(hash: hash, chunks: ChunkList(digests: [hash]))
            }
            first = false
            let batchDigests = NIOLockedValueBox<[ContentHash]>([])
            // The two hashes of a batch run at once; each part takes its own lock once, so they never wait on each other.
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    whole.withLockedValue { $0.update(data: batch) }
                } else {
                    let hashes = stride(from: 0, to: batch.count, by: ChunkList.chunkSize).map { start in
                        let end = min(batch.count, start + ChunkList.chunkSize)
                        return ContentHash(bytes: Array(SHA256.hash(data: batch[batch.startIndex + start..<batch.startIndex + end])))!
                    }
                    batchDigests.withLockedValue { $0 = hashes }
                }
            }
            digests += batchDigests.withLockedValue { $0 }
            if batch.count < batchChunks * ChunkList.chunkSize { break }
        }
        return FileDigest(hash: ContentHash(bytes: Array(whole.withLockedValue { $0.finalize() }))!, chunks: ChunkList(digests: digests))
    }

    /// Digest of bytes in memory (tests, small files).
    public static func digest(of bytes: [UInt8]) -> FileDigest {
        var digests: [ContentHash] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + ChunkList.chunkSize)
            digests.append(ChunkList.digest(of: bytes[start..<end]))
            start = end
        }
        return FileDigest(hash: ChunkList.digest(of: bytes), chunks: ChunkList(digests: digests))
    }
}
