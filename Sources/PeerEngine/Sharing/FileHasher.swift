import Crypto
import Foundation
import Model
import Wire

/// Hashes a file in one pass: the whole-file SHA-256 and the SHA-256 of every 1 MiB chunk.
/// Blocking: call it from a thread meant for it (the engine's I/O pool), never from an event loop.
public enum FileHasher {
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

    /// - Parameter shouldStop: asked between chunks; when it says true, hashing ends with ``Failure/stopped``.
    public static func digest(ofFileAt path: String, shouldStop: () -> Bool = { false }) throws -> FileDigest {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.unreadable(path) }
        defer { try? handle.close() }
        var whole = SHA256()
        var digests: [ContentHash] = []
        while true {
            if shouldStop() { throw Failure.stopped }
            guard let chunk = try handle.read(upToCount: ChunkList.chunkSize), !chunk.isEmpty else { break }
            whole.update(data: chunk)
            digests.append(ContentHash(bytes: Array(SHA256.hash(data: chunk)))!)
            if chunk.count < ChunkList.chunkSize { break }
        }
        return FileDigest(hash: ContentHash(bytes: Array(whole.finalize()))!, chunks: ChunkList(digests: digests))
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
