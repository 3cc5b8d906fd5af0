/// The shared folder as scanned: how many files, how many hashed so far.
public struct ShareStatus: Hashable, Sendable, Codable {
    public var files: Int
    public var bytes: UInt64
    /// Files whose hash is known (from the cache or hashed in this scan).
    public var hashed: Int
    /// Files that need hashing in the scan under way (0 when idle).
    public var pending: Int

    public init(files: Int = 0, bytes: UInt64 = 0, hashed: Int = 0, pending: Int = 0) {
        self.files = files
        self.bytes = bytes
        self.hashed = hashed
        self.pending = pending
    }

    public var isHashing: Bool { pending > 0 }
}
