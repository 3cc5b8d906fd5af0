import Model
import Wire

/// Deterministic test values.
public enum Fixtures {
    /// A content hash derived from a seed (the SHA-256 of the seed's text).
    public static func hash(_ seed: String) -> ContentHash {
        ChunkList.digest(of: Array(seed.utf8))
    }

    /// A file announcement named `name`, its hash derived from the name.
    public static func file(_ name: String, size: UInt64 = 1000, seed: String? = nil) -> FileAnnouncement {
        FileAnnouncement(hash: hash(seed ?? name), size: size, name: name)
    }

    /// The bytes of an `ADD FILES` request for these files.
    public static func addFilesRequest(_ files: [FileAnnouncement]) -> String {
        RequestEncoder.encode(.addFiles(files))
    }

    /// The bytes of a `HELLO`.
    public static func helloRequest(port: Int, name: String? = nil) -> String {
        RequestEncoder.encode(.hello(Hello(port: port, nickname: name)))
    }
}
