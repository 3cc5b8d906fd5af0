import Model
import Wire

/// A file of the shared folder, hashed: what the upload server may serve and the index is told about.
public struct SharedFile: Hashable, Sendable {
    /// Absolute path, inside the shared folder (symlinks resolved).
    public var path: String
    /// Path relative to the shared folder, for display.
    public var relativePath: String
    public var name: String
    public var size: UInt64
    public var mtimeNanoseconds: Int64
    public var digest: FileDigest

    public var hash: ContentHash { digest.hash }

    public var announcement: FileAnnouncement {
        FileAnnouncement(hash: digest.hash, size: size, name: name)
    }

    public var entry: SharedFileEntry {
        SharedFileEntry(key: .content(digest.hash), size: size, name: relativePath)
    }
}
