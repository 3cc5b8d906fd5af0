import ArgumentParser
import Release

/// `shoal version`: the release, the protocols spoken and the build's commit, for people and for bug reports.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the release version, the protocol versions spoken and the build's commit.",
        discussion: "The same line as 'shoal --version'; --json adds the platform, for scripts and bug reports."
    )

    @Flag(help: "One JSON object: program, version, protocols, commit (null when unknown), platform.")
    var json = false

    func run() {
        print(json ? ShoalCommand.release.json : ShoalCommand.release.summary)
    }
}
