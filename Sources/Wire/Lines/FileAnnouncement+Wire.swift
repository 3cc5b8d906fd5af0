import Model

extension FileAnnouncement: WireLineConvertible {
    /// An `ADD FILES` body line: `HASH SP SIZE SP NAME`. The name is the rest of the line: a file name, or
    /// a path inside the share (``TextRules/isValidFilePath(_:)``).
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 2)
        guard parts.count == 3, let hash = ContentHash(hex: parts[0]), let size = TextRules.decimal(parts[1]),
              size <= UInt64(Int64.max), TextRules.isValidFilePath(parts[2])
        else { return nil }
        self.init(hash: hash, size: size, name: String(parts[2]))
    }

    public var wireLine: String { "\(hash.hex) \(size) \(name)" }
}
