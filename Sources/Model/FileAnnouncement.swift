/// One file as a peer announces it to the index in `ADD FILES`: content hash, size, chunk-list root, name.
public struct FileAnnouncement: Hashable, Sendable {
    public var hash: ContentHash
    public var size: UInt64
    /// SHA-256 over the concatenated SHA-256 digests of the file's 1 MiB chunks (see PROTOCOL.md).
    public var root: ContentHash
    /// The file's name as the sharer shows it: no directories, no control characters.
    public var name: String

    public init(hash: ContentHash, size: UInt64, root: ContentHash, name: String) {
        self.hash = hash
        self.size = size
        self.root = root
        self.name = name
    }
}
