import Crypto
import Foundation

/// The tokens of a private index (`--private`): each a random 256-bit secret handed to one person or peer,
/// by name. Only the SHA-256 of a token is kept, in `<state>/tokens` (mode 0600), one line each:
/// `NAME SHA256-HEX CREATED-UNIX-SECONDS`.
public struct AccessTokens: Sendable, Hashable {
    /// The file's name in the index's state folder.
    public static let fileName = "tokens"

    public struct Entry: Sendable, Hashable {
        public let name: String
        /// The SHA-256 of the token, hex.
        public let digest: String
        public let created: Date
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Parses the file's text; lines that are not `NAME HEX SECONDS` are an error naming the line.
    public init(text: String) throws(AccessFileProblem) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ")
            if fields.isEmpty { continue }
            guard fields.count == 3, Self.isName(fields[0]), fields[1].count == 64, fields[1].allSatisfy(\.isHexDigit),
                  let seconds = Int(fields[2]) else {
                throw AccessFileProblem(line: number + 1, problem: "expected NAME SHA256 CREATED (a token line)")
            }
            entries.append(Entry(name: String(fields[0]), digest: String(fields[1]).lowercased(), created: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }

    /// The file's text.
    public var text: String {
        entries.map { "\($0.name) \($0.digest) \(Int($0.created.timeIntervalSince1970))\n" }.joined()
    }

    /// A name is 1-32 letters, digits, `.`, `_` or `-`.
    public static func isName(_ text: some StringProtocol) -> Bool {
        (1...32).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Adds a token for `name` and returns it (it is shown once and never stored).
    /// - Throws: when `name` is not a valid name or already has a token.
    public mutating func add(_ name: String, now: Date = Date()) throws(AccessFileProblem) -> String {
        guard Self.isName(name) else { throw AccessFileProblem(line: 0, problem: "a token name is 1-32 letters, digits, '.', '_' or '-'") }
        guard !entries.contains(where: { $0.name == name }) else {
            throw AccessFileProblem(line: 0, problem: "\(name) has a token already (revoke it first)")
        }
        let token = "st_" + SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
        entries.append(Entry(name: name, digest: Self.digest(of: token), created: now))
        return token
    }

    /// Removes `name`'s token; false when it has none.
    public mutating func revoke(_ name: String) -> Bool {
        let before = entries.count
        entries.removeAll { $0.name == name }
        return entries.count < before
    }

    /// The name whose token `token` is, if any.
    public func holder(of token: String) -> String? {
        let digest = Self.digest(of: token)
        return entries.first { $0.digest == digest }?.name
    }

    static func digest(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A line of an access file (tokens, bans) that cannot be read, or a request that cannot be done.
public struct AccessFileProblem: Error, Equatable, CustomStringConvertible {
    /// 1-based; 0: not about a line.
    public let line: Int
    public let problem: String
    public var description: String { line > 0 ? "line \(line): \(problem)" : problem }
}
