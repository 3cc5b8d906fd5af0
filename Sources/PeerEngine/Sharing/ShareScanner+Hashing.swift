import Dispatch
import NIOConcurrencyHelpers
import Wire

extension ShareScanner {
    /// Small files hashed together, two at a time.
    static let smallFileGroup = 64

    /// The next files to hash together: one file bigger than a chunk (its chunks hash on two threads), or
    /// up to ``smallFileGroup`` one-chunk files in a row.
    static func hashingGroup(_ pending: ArraySlice<Candidate>) -> [Candidate] {
        guard let first = pending.first else { return [] }
        if first.size > UInt64(ChunkList.chunkSize) { return [first] }
        return Array(pending.prefix(smallFileGroup).prefix { $0.size <= UInt64(ChunkList.chunkSize) })
    }

    /// Digests of a group, in its order. A group of small files is split between two threads: hashing such
    /// a file costs little next to opening and reading it, so one thread would leave a core idle.
    static func digests(of group: [Candidate], shouldStop: () -> Bool) -> [Result<FileDigest, any Error>] {
        if group.count == 1 {
            return [Result { try FileHasher.digest(ofFileAt: group[0].path, shouldStop: shouldStop) }]
        }
        let results = NIOLockedValueBox([Result<FileDigest, any Error>?](repeating: nil, count: group.count))
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            for index in stride(from: part, to: group.count, by: 2) {
                let result = Result { try FileHasher.digest(ofFileAt: group[index].path) }
                results.withLockedValue { $0[index] = result }
            }
        }
        return results.withLockedValue { $0.map { $0 ?? .failure(FileHasher.Failure.unreadable(group[0].path)) } }
    }
}
