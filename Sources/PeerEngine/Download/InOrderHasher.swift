import Crypto
import Model
import NIOCore

/// The SHA-256 of a whole file, fed with its chunks in file order while they arrive in any order, so that
/// a download has its content hash when its last chunk arrives instead of after a second pass over the file.
///
/// Pure: no I/O. A chunk is hashed when every chunk before it has been. One that arrives early is held
/// (at most ``holding`` of them, so memory stays bounded); one that arrives too early to be held, or was
/// never offered (verified in an earlier run), is read back from the file by the caller when its turn
/// comes: ``wanted(done:)`` names it.
public struct InOrderHasher: Sendable {
    public let chunkCount: Int
    /// Chunks `0..<next` are hashed.
    public private(set) var next = 0
    /// Early chunks are kept in memory until their turn if they are at most this far after the next one
    /// (so at most this many are held).
    public let holding: Int
    private var held: [Int: ByteBuffer] = [:]
    private var sha = SHA256()

    public init(chunkCount: Int, holding: Int = 4) {
        self.chunkCount = chunkCount
        self.holding = holding
    }

    /// Every chunk has been hashed.
    public var isComplete: Bool { next == chunkCount }

    /// Early chunks kept in memory.
    public var heldCount: Int { held.count }

    /// Takes the bytes of verified chunk `index`: hashes them if it is the next chunk (and then any held
    /// chunks that follow), holds them if they are early but at most ``holding`` after the next one, and
    /// otherwise lets them go (they are read back when their turn comes). A chunk already hashed is ignored.
    public mutating func add(_ index: Int, _ bytes: ByteBuffer) {
        guard index >= next, index < chunkCount else { return }
        guard index == next else {
            if index <= next + holding { held[index] = bytes }
            return
        }
        bytes.withUnsafeReadableBytes { sha.update(bufferPointer: $0) }
        next += 1
        while let following = held.removeValue(forKey: next) {
            following.withUnsafeReadableBytes { sha.update(bufferPointer: $0) }
            next += 1
        }
    }

    /// The chunk to read back from the file so hashing can go on: the next one, when `done` says it is
    /// verified and written but its bytes are not held. Nil while the next chunk is still missing.
    public func wanted(done: ChunkBitmap) -> Int? {
        next < chunkCount && done[next] ? next : nil
    }

    /// The whole file's hash, once every chunk has been hashed.
    public func finalize() -> ContentHash? {
        guard isComplete else { return nil }
        return ContentHash(bytes: Array(sha.finalize()))
    }
}
