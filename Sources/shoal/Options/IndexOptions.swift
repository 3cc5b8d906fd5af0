import PeerEngine
import ArgumentParser

/// `--index HOST:PORT`, shared by every subcommand.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The index to use, HOST:PORT (IPv6 as [::1]:7734).", valueName: "host:port"))
    var index = "127.0.0.1:7734"

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error or critical (default: info for serve, warning otherwise).")
    var logLevel: String?

    var host: String { split().host }
    var port: Int { split().port }

    private func split() -> (host: String, port: Int) {
        if index.hasPrefix("["), let close = index.firstIndex(of: "]") {
            let host = String(index[index.index(after: index.startIndex)..<close])
            let rest = index[index.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 7734 : 7734)
        }
        guard let colon = index.lastIndex(of: ":") else { return (index, 7734) }
        return (String(index[..<colon]), Int(index[index.index(after: colon)...]) ?? -1)
    }

    func validate() throws {
        if let logLevel, !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
        }
        if !index.hasPrefix("["), index.filter({ $0 == ":" }).count > 1 {
            throw ValidationError("write an IPv6 index in brackets, such as [::1]:7734")
        }
        guard !host.isEmpty, (1...65535).contains(port) else {
            throw ValidationError("--index must be HOST:PORT with a port from 1 to 65535, not '\(index)'")
        }
    }
}

extension IndexOptions {
    /// What every query command does around its work: logging on stderr, a query connection to the
    /// index, and errors turned into one line and the documented exit code.
    func withSession(_ body: (IndexSession) async throws -> Void) async {
        _ = LogSetup.bootstrap(logLevel ?? "warning")
        do {
            let session = try await IndexSession.connect(host: host, port: port)
            do {
                try await body(session)
                await session.close()
            } catch {
                await session.close()
                throw error
            }
        } catch {
            CLIFailure.from(error).exit()
        }
    }
}
