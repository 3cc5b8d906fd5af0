/// A file's digest as the hash cache keeps it: valid while the file keeps this size and modification time.
public struct CachedDigest: Hashable, Sendable {
    public var size: UInt64
    public var mtimeNanoseconds: Int64
    public var digest: FileDigest

    public init(size: UInt64, mtimeNanoseconds: Int64, digest: FileDigest) {
        self.size = size
        self.mtimeNanoseconds = mtimeNanoseconds
        self.digest = digest
    }
}
