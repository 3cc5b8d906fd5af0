import Crypto
import Dispatch
import Foundation
import Model
import NIOConcurrencyHelpers
import NIOCore
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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure.unreadable(path) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Failure.unreadable(path) }
        // One buffer, reused batch after batch: fresh memory for every batch would be faulted in and zeroed
        // again, which costs about as much as reading it. Whole chunks, so a file that grows while it is
        // read still has every batch start at a chunk.
        let chunks = min(max(ChunkList.chunkCount(forSize: UInt64(max(info.st_size, 1))), 1), batchChunks)
        let capacity = chunks * ChunkList.chunkSize
        var buffer = ByteBufferAllocator().buffer(capacity: capacity)
        var digests: [ContentHash] = []
        var offset: off_t = 0
        while true {
            if shouldStop() { throw Failure.stopped }
            buffer.clear()
            let count = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { target in
                try fill(UnsafeMutableRawBufferPointer(rebasing: target.prefix(capacity)), from: descriptor, at: offset, path: path)
            }
            if count == 0 { break }
            digests += chunkDigests(of: buffer)
            offset += off_t(count)
            if count < capacity { break }
        }
        return FileDigest(chunks: ChunkList(digests: digests))
    }

    /// Reads from `offset` until `target` is full or the file ends; returns the bytes read.
    private static func fill(_ target: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: off_t,
                             path: String) throws -> Int {
        var done = 0
        while done < target.count {
            let read = pread(descriptor, target.baseAddress! + done, target.count - done, offset + off_t(done))
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw Failure.unreadable(path) }
            if read == 0 { break }
            done += read
        }
        return done
    }

    /// The digests of the chunks in `batch`, in order: one chunk on this thread, more split between two.
    static func chunkDigests(of batch: ByteBuffer) -> [ContentHash] {
        let starts = Array(stride(from: 0, to: batch.readableBytes, by: ChunkList.chunkSize))
        let digest: @Sendable (Int) -> ContentHash = { start in
            ChunkList.digest(of: batch.getSlice(at: batch.readerIndex + start,
                                                length: min(ChunkList.chunkSize, batch.readableBytes - start))!)
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
        FileDigest(chunks: ChunkList(digests: chunkDigests(of: ByteBuffer(bytes: bytes))))
    }
}
