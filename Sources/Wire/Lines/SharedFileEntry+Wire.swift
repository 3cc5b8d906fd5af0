import Model

extension SharedFileEntry: WireLineConvertible {
    /// A `BROWSE PEER` body line: `KEY SP SIZE SP NAME`; SIZE is `-` for RFC items.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 2)
        guard parts.count == 3, let key = FileKey(parts[0]), let size = WireField.optionalSize(parts[1]),
              !parts[2].isEmpty else { return nil }
        self.init(key: key, size: size, name: String(parts[2]))
    }

    public var wireLine: String { "\(key) \(WireField.size(size)) \(name)" }
}
