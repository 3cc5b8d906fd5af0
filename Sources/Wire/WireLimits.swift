/// Hard limits of the framing, enforced while bytes arrive. Exceeding one is answered (413 or 400) and the
/// connection is closed, because the rest of the stream can no longer be framed. PROTOCOL.md §8.
public struct WireLimits: Hashable, Sendable {
    /// Longest line, in bytes, not counting its line ending.
    public var maximumLineLength: Int
    /// Most header lines in one message.
    public var maximumHeaderCount: Int
    /// Largest body (Content-Length), in bytes.
    public var maximumBodyLength: Int
    /// Most entries in one ADD FILES or REMOVE FILES body.
    public var maximumBatchEntries: Int

    public init(maximumLineLength: Int = 8192, maximumHeaderCount: Int = 32,
                maximumBodyLength: Int = 4 << 20, maximumBatchEntries: Int = 5000) {
        self.maximumLineLength = maximumLineLength
        self.maximumHeaderCount = maximumHeaderCount
        self.maximumBodyLength = maximumBodyLength
        self.maximumBatchEntries = maximumBatchEntries
    }

    /// The index server's defaults.
    public static let index = WireLimits()
}
