/// A classic record line, `RFC SP number SP title SP host SP port`, as LOOKUP, LIST and ADD answers carry it.
///
/// Titles contain spaces and hosts do not, so a line is parsed from both ends.
public struct ClassicRecordLine: Hashable, Sendable {
    public var number: Int
    public var title: String
    public var host: String
    public var port: Int

    public init(number: Int, title: String, host: String, port: Int) {
        self.number = number
        self.title = title
        self.host = host
        self.port = port
    }

    public init?<S: StringProtocol>(wireLine line: S) {
        let head = WireFields.split(line, maxSplits: 2)
        guard head.count == 3, head[0] == "RFC", let number = TextRules.decimal(head[1], maxDigits: 9) else { return nil }
        let tail = WireFields.split(head[2], maxSplits: 2)
        let fromEnd = WireFields.splitFromEnd(head[2], maxSplits: 2)
        guard tail.count == 3, fromEnd.count == 3 else { return nil }
        let portText = String(fromEnd[0]), host = String(fromEnd[1])
        guard let port = TextRules.port(portText), !host.isEmpty else { return nil }
        self.init(number: Int(number), title: String(fromEnd[2]), host: host, port: port)
    }

    public var wireLine: String { "RFC \(number) \(title) \(host) \(port)" }
}
