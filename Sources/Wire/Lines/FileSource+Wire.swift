import Model

extension FileSource: WireLineConvertible {
    /// A `LOOKUP FILE` body line: `PEER SP DIALECT SP HOST SP PORT SP NICK SP ROOT SP NAME`.
    /// NICK and ROOT are `-` when absent.
    public init?<S: StringProtocol>(wireLine line: S) where S.SubSequence == Substring {
        let parts = WireFields.split(line, maxSplits: 6)
        guard parts.count == 7, let peer = PeerID(parts[0]), let dialect = PeerDialect(rawValue: String(parts[1])),
              !parts[2].isEmpty, let port = TextRules.port(parts[3]), !parts[4].isEmpty, !parts[6].isEmpty
        else { return nil }
        let root: ContentHash?
        if parts[5] == "-" { root = nil } else {
            guard let parsed = ContentHash(hex: parts[5]) else { return nil }
            root = parsed
        }
        self.init(peer: peer, dialect: dialect, host: String(parts[2]), port: port,
                  nickname: parts[4] == "-" ? nil : String(parts[4]), root: root, name: String(parts[6]))
    }

    public var wireLine: String {
        "\(peer) \(dialect.rawValue) \(host) \(port) \(nickname ?? "-") \(root?.hex ?? "-") \(name)"
    }
}
