import Model

extension SharedFileEntry: WireLineConvertible {
    /// A `BROWSE PEER` body line: `KEY SP SIZE SP ROOT SP NAME`; SIZE and ROOT are `-` for RFC items.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 3)
        guard parts.count == 4, let key = FileKey(parts[0]), let size = WireField.optionalSize(parts[1]),
              !parts[3].isEmpty else { return nil }
        let root: ContentHash?
        if parts[2] == "-" { root = nil } else {
            guard let parsed = ContentHash(hex: parts[2]) else { return nil }
            root = parsed
        }
        self.init(key: key, size: size, root: root, name: String(parts[3]))
    }

    public var wireLine: String { "\(key) \(WireField.size(size)) \(root?.hex ?? "-") \(name)" }
}
