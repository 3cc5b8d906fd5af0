import Model

extension SearchHit: WireLineConvertible {
    /// A `SEARCH` or `LIST ALL` body line: `KEY SP SIZE SP SOURCES SP NAME`; SIZE is `-` when unknown.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 3)
        guard parts.count == 4, let key = FileKey(parts[0]), let sources = TextRules.decimal(parts[2], maxDigits: 9),
              let size = WireField.optionalSize(parts[1]), !parts[3].isEmpty
        else { return nil }
        self.init(key: key, size: size, sources: Int(sources), name: String(parts[3]))
    }

    public var wireLine: String { "\(key) \(WireField.size(size)) \(sources) \(name)" }
}
