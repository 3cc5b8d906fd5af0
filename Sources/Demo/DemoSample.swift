/// One file of the demo: its name, size, what it holds, and which bots share it.
public struct DemoSample: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        /// Readable lines of words.
        case text
        /// Bytes that look random (every 1 MiB chunk different), like media or archives.
        case binary
    }

    public let name: String
    public let size: Int
    public let content: Content
    /// Indexes into ``DemoSamples/bots`` of the bots that share this file (two or three: multi-source).
    public let sharers: [Int]

    public init(_ name: String, size: Int, _ content: Content, sharers: [Int]) {
        self.name = name
        self.size = size
        self.content = content
        self.sharers = sharers
    }
}
