import Model

extension FileAnnouncement: WireLineConvertible {
    /// An `ADD FILES` body line: `HASH SP SIZE SP ROOT SP NAME`. The name is the rest of the line.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 3)
        guard parts.count == 4, let hash = ContentHash(hex: parts[0]), let size = TextRules.decimal(parts[1]),
              size <= UInt64(Int64.max), let root = ContentHash(hex: parts[2]), TextRules.isValidFileName(parts[3])
        else { return nil }
        self.init(hash: hash, size: size, root: root, name: String(parts[3]))
    }

    public var wireLine: String { "\(hash.hex) \(size) \(root.hex) \(name)" }
}
