import Model
import Wire

/// Made-up shared files for loading an index: names of three words from a 20,000-word vocabulary, a number
/// and an extension, with random hashes. Seeded, so every run registers the same records.
struct SyntheticCatalog {
    static let extensions = ["mp3", "flac", "mkv", "mp4", "iso", "pdf", "txt", "jpg", "zip", "epub"]
    let vocabulary: [String]
    private var random: SplitMix64

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        vocabulary = (0..<20_000).map { _ in Self.word(&random) }
        self.random = random
    }

    /// The next file a peer announces.
    mutating func nextFile() -> FileAnnouncement {
        let words = (0..<3).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }
        let name = words.joined(separator: " ") + " \(random.next() % 1000)." + Self.extensions[Int(random.next() % 10)]
        let hash = nextHash()
        return FileAnnouncement(hash: hash, size: random.next() % (1 << 32), root: hash, name: name)
    }

    /// Keywords a user might type: one or two prefixes (of `prefixLength` letters) of vocabulary words.
    mutating func nextKeywords(prefixLength: Int = 4) -> [String] {
        (0..<(1 + Int(random.next() % 2))).map { _ in
            String(vocabulary[Int(random.next() % UInt64(vocabulary.count))].prefix(prefixLength))
        }
    }

    mutating func nextIndex(below count: Int) -> Int { Int(random.next() % UInt64(count)) }

    private mutating func nextHash() -> ContentHash {
        ContentHash(bytes: (0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } })!
    }

    private static func word(_ random: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<(4 + Int(random.next() % 6))).map { _ in letters[Int(random.next() % 26)] })
    }
}
