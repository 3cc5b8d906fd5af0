import Crypto
import Model
import NIOCore

/// A file's chunk-hash list: the SHA-256 of each 1 MiB chunk, in order, and its root, which is the file's id.
///
/// The root is SHA-256 over the concatenated 32-byte chunk digests (PROTOCOL.md §6.3). A sharer announces
/// the root as the file's hash in `ADD FILES`; a downloader accepts a chunk list from any source only if it
/// hashes to the id it asked for, and then checks every chunk against its entry.
public struct ChunkList: Hashable, Sendable {
    /// Chunk size of P2P-CI/2.1: 1 MiB. The last chunk may be shorter; an empty file has no chunks.
    public static let chunkSize = 1 << 20

    public var digests: [ContentHash]

    public init(digests: [ContentHash]) { self.digests = digests }

    /// How many chunks a file of `size` bytes has.
    public static func chunkCount(forSize size: UInt64) -> Int {
        Int((size + UInt64(chunkSize) - 1) / UInt64(chunkSize))
    }

    /// Where chunk `index` starts in its file.
    public static func offset(ofChunk index: Int) -> UInt64 {
        UInt64(index) * UInt64(chunkSize)
    }

    /// The bytes of chunk `index` of a file of `size` bytes, as a GET FILE range asks for them.
    public static func byteRange(ofChunk index: Int, fileSize size: UInt64) -> ByteRange {
        let first = offset(ofChunk: index)
        return ByteRange(first: first, last: first + UInt64(chunkLength(index: index, fileSize: size)) - 1)
    }

    /// The byte length of chunk `index` of a file of `size` bytes.
    public static func chunkLength(index: Int, fileSize size: UInt64) -> Int {
        let start = UInt64(index) * UInt64(chunkSize)
        return Int(min(UInt64(chunkSize), size - min(size, start)))
    }

    /// The file's id: SHA-256 over the concatenated chunk digests (of nothing, for an empty file).
    public var root: ContentHash {
        var hasher = SHA256()
        for digest in digests { hasher.update(data: digest.bytes) }
        return ContentHash(bytes: Array(hasher.finalize()))!
    }

    /// The list as `GET CHUNKS` sends it: one 64-hex digest per line.
    public var wireLines: [String] { digests.map(\.hex) }

    /// Parses a `GET CHUNKS` body's lines; nil if any line is not a digest.
    public init?(wireLines lines: [String]) {
        var digests: [ContentHash] = []
        digests.reserveCapacity(lines.count)
        for line in lines {
            guard let digest = ContentHash(hex: line) else { return nil }
            digests.append(digest)
        }
        self.digests = digests
    }

    /// The SHA-256 of a buffer's readable bytes, hashed where they lie (no copy).
    public static func digest(of buffer: ByteBuffer) -> ContentHash {
        var hasher = SHA256()
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        return ContentHash(bytes: Array(hasher.finalize()))!
    }

    /// The SHA-256 of some bytes, as a ``ContentHash``.
    public static func digest<Bytes: Sequence>(of bytes: Bytes) -> ContentHash where Bytes.Element == UInt8 {
        ContentHash(bytes: Array(SHA256.hash(data: Array(bytes))))!
    }
}
