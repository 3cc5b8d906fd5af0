import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Wire

/// A download's whole-file SHA-256, computed beside the transfer instead of in a pass over the file at the
/// end. The download hands over each chunk once it is verified and written, and goes on; a pool thread of
/// its own (one thread, so work runs in the order it was handed over) feeds them to an ``InOrderHasher``,
/// and reads back from the partial file the chunks it did not get the bytes of (early arrivals it could not
/// hold, chunks verified before a restart).
final class DownloadDigest: Sendable {
    /// Chunks handed over and not yet hashed, beyond which their bytes are not kept: when hashing falls
    /// behind, memory stays bounded and those chunks are read back from the file instead.
    static let maximumQueued = 8

    private let pool: NIOThreadPool
    private let partial: PartialFile
    private let fileSize: UInt64
    /// Used only by work on `pool`, one item at a time; the lock is never contended and makes that checkable.
    private let hasher: NIOLockedValueBox<InOrderHasher>
    private let queued = NIOLockedValueBox(0)

    /// - Parameter pool: a pool of one thread (work items must run one at a time, in order).
    init(pool: NIOThreadPool, partial: PartialFile, fileSize: UInt64) {
        self.pool = pool
        self.partial = partial
        self.fileSize = fileSize
        hasher = NIOLockedValueBox(InOrderHasher(chunkCount: ChunkList.chunkCount(forSize: fileSize)))
    }

    /// Hands over chunk `index`, verified and written; `done` marks every chunk verified so far (it included).
    func add(_ index: Int, bytes: ByteBuffer, done: ChunkBitmap) {
        let keep = queued.withLockedValue { count in
            count += 1
            return count <= Self.maximumQueued
        }
        let bytes = keep ? bytes : nil
        pool.submit { [self] state in
            queued.withLockedValue { $0 -= 1 }
            guard case .active = state else { return }
            hasher.withLockedValue { hasher in
                if let bytes { hasher.add(index, bytes) }
                // A chunk that cannot be read back now is tried again by `finish`.
                try? catchUp(&hasher, done: done)
            }
        }
    }

    /// The whole file's hash, once every chunk is verified and written (`done` is complete): whatever was
    /// not hashed yet is read back from the file.
    func finish(done: ChunkBitmap) async throws -> ContentHash {
        try await pool.runIfActive { [self] in
            try hasher.withLockedValue { hasher in
                try catchUp(&hasher, done: done)
                guard let hash = hasher.finalize() else { throw DownloadFailure.hashMismatch }
                return hash
            }
        }
    }

    /// Reads back and hashes chunks from the file for as long as the next one is done but was not given.
    private func catchUp(_ hasher: inout InOrderHasher, done: ChunkBitmap) throws {
        while let index = hasher.wanted(done: done) {
            let length = ChunkList.chunkLength(index: index, fileSize: fileSize)
            hasher.add(index, try partial.read(offset: UInt64(index) * UInt64(ChunkList.chunkSize), length: length))
        }
    }
}
