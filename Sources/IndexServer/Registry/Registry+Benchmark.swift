import Model
import Wire

extension Registry {
    /// HELLO plus ADD FILES in one call, for benchmarks that load the registry without sockets.
    public mutating func registerForBenchmark(_ peer: PeerID, port: Int, _ files: [FileAnnouncement]) throws {
        try hello(peer, Hello(port: port))
        _ = try addFiles(peer, files)
    }

    /// How many items have a word that `keyword` (2 or more characters) prefixes, for benchmarks.
    public func matchCountForBenchmark(_ keyword: String) -> Int {
        var slots = Set<Int32>()
        for match in words.words(withPrefix: keyword) {
            for entry in words.posting(of: match.id) { slots.insert(RankKey.slot(of: entry)) }
        }
        return slots.count
    }

    /// The postings' entries of the words `keyword` prefixes (an item with two such words counts twice).
    public func candidateCountForBenchmark(_ keyword: String) -> Int {
        words.words(withPrefix: keyword).reduce(0) { $0 + $1.count }
    }

    /// LOOKUP FILE for a content hash, for benchmarks.
    public func sourcesForBenchmark(_ hash: ContentHash) -> [FileSource] {
        sources(of: .content(hash)).sources
    }
}
