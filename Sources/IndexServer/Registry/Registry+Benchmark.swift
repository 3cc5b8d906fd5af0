import Model
import Wire

extension Registry {
    /// HELLO plus ADD FILES in one call, for benchmarks that load the registry without sockets.
    public mutating func registerForBenchmark(_ peer: PeerID, port: Int, _ files: [FileAnnouncement]) throws {
        try hello(peer, Hello(port: port))
        _ = try addFiles(peer, files)
    }

    /// LOOKUP FILE for a content hash, for benchmarks.
    public func sourcesForBenchmark(_ hash: ContentHash) -> [FileSource] {
        sources(of: .content(hash)).sources
    }
}
