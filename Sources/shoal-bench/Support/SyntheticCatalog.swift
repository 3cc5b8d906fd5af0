import ArgumentParser
import Model
import Wire

/// Made-up shared files for loading an index, seeded so every run registers the same records.
///
/// - `.realistic` (the default): names whose words follow a Zipf law over a 30,000-word vocabulary that
///   starts with words common in real file names (`live`, `remix`, `master`, `1080p` …) and goes on with
///   words made of syllables, so that 4-letter prefixes are shared the way real ones are: the broadest cover
///   a tenth of all records. Extensions are weighted as on a music-and-video share, and a fifth of the
///   files are popular ones that many peers hold (they have several sources).
/// - `.random`: three words from 20,000 random letter strings, a number and an extension (every 4-letter
///   prefix is rare; what the index benchmark used before issue 14).
/// - `.hostile`: 250-byte names of about 36 random 6-letter words, nearly all of them new to the index:
///   what one peer can make the index hold per record.
struct SyntheticCatalog {
    enum Names: String, CaseIterable, Sendable { case realistic, random, hostile }

    static let extensions = ["mp3", "flac", "mkv", "mp4", "iso", "pdf", "txt", "jpg", "zip", "epub"]
    /// Relative weights of `extensions` in realistic names.
    private static let extensionWeights: [Double] = [30, 12, 10, 10, 3, 8, 8, 10, 5, 4]
    /// Words found at the top of real file names' word frequencies.
    private static let commonWords = [
        "live", "remix", "master", "remastered", "official", "video", "album", "deluxe", "edition", "feat",
        "original", "version", "mix", "part", "episode", "season", "complete", "collection", "best", "music",
        "1080p", "720p", "x264", "hdtv", "web", "bluray", "disc", "vol", "the", "and", "of", "in", "de", "la",
        "love", "night", "world", "life", "time", "day", "song", "songs", "dance", "club", "radio", "session",
        "concert", "acoustic", "instrumental", "extended", "single", "ep", "demo", "bonus", "track", "greatest",
        "hits", "anthology", "soundtrack", "score", "theme", "intro", "outro", "chapter", "book",
    ]
    private static let syllables = ["ma", "mas", "ter", "li", "ve", "re", "mi", "lo", "ra", "ka", "to", "ne",
                                    "sa", "do", "ri", "an", "el", "on", "ba", "co", "da", "fa", "ga", "ha",
                                    "ja", "le", "mo", "nu", "pa", "qui", "si", "ta", "va", "wa", "xe", "yo",
                                    "za", "ber", "cor", "dun", "fin", "gor", "har", "kin", "lan", "mor"]

    let names: Names
    let vocabulary: [String]
    /// Cumulative Zipf weights of `vocabulary` (realistic names).
    private let cumulative: [Double]
    /// Popular files (realistic names): announced again and again by different peers.
    private var popular: [FileAnnouncement] = []
    private var random: SplitMix64

    init(seed: UInt64, names: Names = .realistic) {
        var random = SplitMix64(seed: seed)
        self.names = names
        switch names {
        case .random, .hostile:
            vocabulary = (0..<20_000).map { _ in Self.randomWord(&random) }
            cumulative = []
        case .realistic:
            var words = Self.commonWords
            var seen = Set(words)
            while words.count < 30_000 {
                let word = (0..<(2 + Int(random.next() % 3))).map { _ in
                    Self.syllables[Int(random.next() % UInt64(Self.syllables.count))]
                }.joined()
                if seen.insert(word).inserted { words.append(word) }
            }
            vocabulary = words
            var total = 0.0
            cumulative = words.indices.map { rank in
                total += 1 / Double(rank + 8)  // Zipf, flattened at the very top
                return total
            }
        }
        self.random = random
        if names == .realistic { popular = (0..<20_000).map { _ in makeFile() } }
    }

    /// The next file a peer announces.
    mutating func nextFile() -> FileAnnouncement {
        if names == .realistic, random.next() % 5 == 0 {
            // Popular files: a few are held by very many peers.
            return popular[zipfIndex(below: popular.count)]
        }
        return makeFile()
    }

    /// A file no other peer announces (never a popular one): what a probe adds to see when another node has it.
    mutating func nextUniqueFile() -> FileAnnouncement { makeFile() }

    /// Keywords a user might type: one or two prefixes (of `prefixLength` letters) of words. Realistic
    /// searches pick words as often as names use them, so the broad prefixes are searched most.
    mutating func nextKeywords(prefixLength: Int = 4) -> [String] {
        (0..<(1 + Int(random.next() % 2))).map { _ in String(nextWord().prefix(prefixLength)) }
    }

    mutating func nextIndex(below count: Int) -> Int { Int(random.next() % UInt64(count)) }

    private mutating func makeFile() -> FileAnnouncement {
        let name: String
        switch names {
        case .random:
            let words = (0..<3).map { _ in vocabulary[nextIndex(below: vocabulary.count)] }
            name = words.joined(separator: " ") + " \(random.next() % 1000)." + Self.extensions[nextIndex(below: 10)]
        case .hostile:
            var text = ""
            while text.utf8.count < 243 {
                let letters = (0..<6).map { _ in Character(Unicode.Scalar(UInt8(97 + random.next() % 26))) }
                text += String(letters) + " "
            }
            name = String(text.prefix(245)) + ".flac"
        case .realistic:
            var words = (0..<(2 + nextIndex(below: 4))).map { _ in nextWord() }
            if random.next() % 3 == 0 { words.append(String(1960 + random.next() % 66)) }
            if random.next() % 2 == 0 { words.insert(String(format2(1 + random.next() % 20)), at: 0) }
            name = words.joined(separator: random.next() % 2 == 0 ? " " : "_") + "." + weightedExtension()
        }
        let hash = nextHash()
        return FileAnnouncement(hash: hash, size: random.next() % (1 << 32), name: name)
    }

    private mutating func nextWord() -> String {
        names == .realistic ? vocabulary[zipfIndex(below: vocabulary.count)] : vocabulary[nextIndex(below: vocabulary.count)]
    }

    /// An index below `count` by the catalog's Zipf weights (rank 0 most often).
    private mutating func zipfIndex(below count: Int) -> Int {
        let target = Double(random.next() % (1 << 53)) / Double(1 << 53) * cumulative[count - 1]
        var low = 0, high = count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private mutating func weightedExtension() -> String {
        let total = Self.extensionWeights.reduce(0, +)
        var pick = Double(random.next() % 1_000_000) / 1_000_000 * total
        for (index, weight) in Self.extensionWeights.enumerated() {
            pick -= weight
            if pick < 0 { return Self.extensions[index] }
        }
        return Self.extensions[0]
    }

    private func format2(_ number: UInt64) -> String { number < 10 ? "0\(number)" : "\(number)" }

    private mutating func nextHash() -> ContentHash {
        ContentHash(bytes: (0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } })!
    }

    private static func randomWord(_ random: inout SplitMix64) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<(4 + Int(random.next() % 6))).map { _ in letters[Int(random.next() % 26)] })
    }
}

extension SyntheticCatalog.Names: ExpressibleByArgument {}
