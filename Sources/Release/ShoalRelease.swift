import Foundation
import Wire

/// What a Shoal build is: its release version, the protocol versions it speaks, and the commit it was built
/// from when that can be known. `--version` and `shoal version --json` print it; logs name it at start.
public struct ShoalRelease: Sendable, Equatable, Codable {
    /// The release version of both executables (semantic versioning).
    public static let version = "0.11.0"

    /// The program: `shoal` or `shoal-index`.
    public let program: String
    public let version: String
    /// Every dialect spoken, oldest first.
    public let protocols: [String]
    /// The full commit hash, or nil when the build's commit cannot be known.
    public let commit: String?
    /// The operating system and processor, for bug reports.
    public let platform: String

    /// The release of the running program; the commit is looked up from its executable's location.
    public static func current(program: String, executable: String = "/proc/self/exe") -> ShoalRelease {
        ShoalRelease(program: program, version: version, protocols: ProtocolVersion.allCases.map(\.rawValue),
                     commit: BuildCommit.find(executable: executable), platform: Self.platform)
    }

    public init(program: String, version: String, protocols: [String], commit: String?, platform: String) {
        self.program = program
        self.version = version
        self.protocols = protocols
        self.commit = commit
        self.platform = platform
    }

    /// One line: `shoal 0.11.0 (P2P-CI/1.0, P2P-CI/2.1; commit 1a2b3c4d5e6f)`.
    public var summary: String {
        "\(program) \(version) (\(protocols.joined(separator: ", ")); commit \(commit.map { String($0.prefix(12)) } ?? "unknown"))"
    }

    /// Pretty-printed JSON with sorted keys; `commit` is null when unknown.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var object: [String: JSONValue] = ["program": .text(program), "version": .text(version),
                                           "protocols": .list(protocols), "platform": .text(platform)]
        object["commit"] = commit.map(JSONValue.text) ?? .null
        return String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self)
    }

    private enum JSONValue: Encodable {
        case text(String), list([String]), null

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .list(let list): try container.encode(list)
            case .null: try container.encodeNil()
            }
        }
    }

    private static var platform: String {
        let system = SystemName.current
        return "\(system.kernel) \(system.release) \(system.machine)"
    }
}
