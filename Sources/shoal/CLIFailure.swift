import ArgumentParser
import Foundation
import Model
import PeerEngine

/// A one-line error on stderr and the documented exit code (see `shoal --help`).
struct CLIFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    static func nothingFound(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 2) }
    static func unreachable(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 3) }
    static func failed(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 1) }

    var description: String { message }

    /// Prints `shoal: message` on stderr and exits with the code.
    func exit() -> Never {
        printError("shoal: \(TerminalText.safe(message))")  // messages may quote names from strangers
        ShoalCommand.exit(withError: ExitCode(code))
    }

    /// Maps engine errors to the documented codes.
    static func from(_ error: any Error) -> CLIFailure {
        switch error {
        case let failure as CLIFailure: return failure
        case let link as IndexLinkError:
            if case .unavailable = link { return .unreachable("\(link)") }
            if case .refused(403, let reason) = link, reason.contains("index is private") {
                return .failed("\(link) (give your token with --token, or token = \"…\" in config.toml)")
            }
            return .failed("\(link)")
        case let query as QueryFailure:
            return query.kind == .indexUnreachable ? .unreachable(query.message) : .failed(query.message)
        default: return .failed("\(error)")
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension CLIFailure {
    /// A download that did not complete: its one-line reason, and the exit code of its failure's kind.
    init(_ snapshot: TransferSnapshot) {
        let message = snapshot.lastError ?? "the download \(snapshot.state.rawValue)"
        switch snapshot.failure {
        case .storage: self.init(message: message, code: 5)
        case .noSources: self.init(message: message, code: 2)
        case .sourcesFailed, .index, nil: self.init(message: message, code: 1)
        }
    }
}
