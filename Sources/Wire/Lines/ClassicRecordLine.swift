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
        let tokens = line.split(separator: " ", omittingEmptySubsequences: true)
        guard tokens.count >= 4, tokens[0] == "RFC", let number = TextRules.decimal(tokens[1], maxDigits: 9),
              let port = TextRules.port(tokens[tokens.count - 1]) else { return nil }
        self.init(number: Int(number), title: tokens[2..<(tokens.count - 2)].joined(separator: " "),
                  host: String(tokens[tokens.count - 2]), port: port)
    }

    public var wireLine: String { "RFC \(number) \(title) \(host) \(port)" }
}
