import ArgumentParser
import Foundation
import IndexServer

/// `--state`: the index's folder for its TLS key and its tokens, shared by `shoal-index` and `shoal-index token`
/// (one option group, so that `token add NAME --state DIR` reaches the subcommand).
struct StateFolder: ParsableArguments {
    @Option(help: ArgumentHelp("The index's state folder: its TLS key and certificate (made on first start), its tokens and pid file; owner-only.",
                               valueName: "folder"))
    var state = ".shoal-index"

    var files: AccessFiles { AccessFiles(state: state, banFile: nil) }

    /// Reads the tokens, changes them with `change`, saves them, and tells the index running on this folder
    /// (if one is) to read them again; returns its pid when one was told.
    func changeTokens(_ change: (inout AccessTokens) throws -> Void) throws -> pid_t? {
        var tokens = try files.tokens()
        try change(&tokens)
        try files.save(tokens)
        return files.signalRunningIndex()
    }
}
