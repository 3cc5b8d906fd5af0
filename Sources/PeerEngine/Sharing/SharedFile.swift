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

    /// What the index is told: the path inside the shared folder (an index without folders gets the file
    /// name alone, ``IndexClient``), or the file name when the path is not a valid share path.
    public var announcement: FileAnnouncement {
        FileAnnouncement(hash: digest.hash, size: size, name: TextRules.isValidFilePath(relativePath) ? relativePath : name)
    }

    public var entry: SharedFileEntry {
        SharedFileEntry(key: .content(digest.hash), size: size, name: relativePath)
    }
}
