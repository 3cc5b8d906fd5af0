import Foundation
import Model

/// Writes files of seeded pseudo-random bytes: incompressible, and the same in every run.
enum RandomFile {
    static func write(_ path: String, size: Int, seed: UInt64) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw ChildProcess.Failure(description: "cannot write \(path)") }
        defer { try? handle.close() }
        var random = SplitMix64(seed: seed)
        var block = [UInt64](repeating: 0, count: (1 << 20) / 8)
        var written = 0
        while written < size {
            for index in block.indices { block[index] = random.next() }
            let count = min(size - written, 1 << 20)
            try block.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(count))) }
            written += count
        }
    }
}
