/// One file as a peer announces it to the index in `ADD FILES`: content id, size, name.
public struct FileAnnouncement: Hashable, Sendable {
    /// The file's id: SHA-256 over the SHA-256 digests of its 1 MiB chunks (PROTOCOL.md §6.3).
    public var hash: ContentHash
    public var size: UInt64
    /// The file's name as the sharer shows it: no directories, no control characters.
    public var name: String

    public init(hash: ContentHash, size: UInt64, name: String) {
        self.hash = hash
        self.size = size
        self.name = name
    }
}
