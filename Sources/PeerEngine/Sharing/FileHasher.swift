import Crypto
import Dispatch
import Foundation
import Model
import NIOConcurrencyHelpers
import Wire

/// Hashes a file: the SHA-256 of every 1 MiB chunk, whose root is the file's id (PROTOCOL.md §6.3).
///
/// Each byte is hashed once. A file is read in batches of ``batchChunks`` chunks, and the chunks of a batch
/// are hashed on two threads at once. Blocking: call it from a thread meant for it (the engine's I/O pool),
/// never from an event loop.
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
        var digests: [ContentHash] = []
        while true {
            if shouldStop() { throw Failure.stopped }
            guard let batch = try handle.read(upToCount: batchChunks * ChunkList.chunkSize), !batch.isEmpty else { break }
            digests += chunkDigests(of: batch)
            if batch.count < batchChunks * ChunkList.chunkSize { break }
        }
        return FileDigest(chunks: ChunkList(digests: digests))
    }

    /// The digests of the chunks in `batch`, in order: one chunk on this thread, more split between two.
    static func chunkDigests(of batch: Data) -> [ContentHash] {
        let starts = Array(stride(from: 0, to: batch.count, by: ChunkList.chunkSize))
        let digest: @Sendable (Int) -> ContentHash = { start in
            let end = min(batch.count, start + ChunkList.chunkSize)
            return ContentHash(bytes: Array(SHA256.hash(data: batch[batch.startIndex + start..<batch.startIndex + end])))!
        }
        guard starts.count > 1 else { return starts.map(digest) }
        let digests = NIOLockedValueBox([ContentHash?](repeating: nil, count: starts.count))
        // Each thread takes every other chunk and files its digests once, so the two never wait on each other.
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let mine = stride(from: part, to: starts.count, by: 2).map { ($0, digest(starts[$0])) }
            digests.withLockedValue { for (index, hash) in mine { $0[index] = hash } }
        }
        return digests.withLockedValue { $0.map { $0! } }
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
        return FileDigest(chunks: ChunkList(digests: digests))
    }
}
