import ArgumentParser
import PeerApp
import PeerSettings

/// `--config` and `--log-level`, shared by every subcommand.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The configuration file (default: \(UserConfig.defaultPath()); flags override it).", valueName: "file"),
            completion: .file(extensions: ["toml"]))
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (default: info for serve, ui and demo; warning otherwise).",
            completion: .list(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
    var logLevel: String?

    func validate() throws {
        if let logLevel, !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical")
        }
    }

    /// The configuration file (an empty one when the default file does not exist). A broken file ends the
    /// program: one line naming the file and the line, exit code 64.
    func loadConfig() -> UserConfig {
        do {
            return try UserConfig.load(path: config ?? UserConfig.defaultPath(), required: config != nil)
        } catch {
            CLIFailure(message: "\(error)", code: 64).exit()
        }
    }
}
