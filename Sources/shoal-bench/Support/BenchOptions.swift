import ArgumentParser
import Foundation

/// Options every comparative benchmark takes.
struct BenchOptions: ParsableArguments {
    @Option(help: "Runs of each measure; the table shows medians.")
    var runs = 3

    @Option(help: ArgumentHelp("Folder for the benchmark's files (default: a new folder in $TMPDIR, removed at the end).",
                               valueName: "dir"))
    var workFolder: String?

    @Flag(help: "Do not install missing tools (nginx, redis, curl) with apt-get; skip their comparisons instead.")
    var noInstall = false

    /// These options as arguments, to hand on to each benchmark.
    var arguments: [String] {
        ["--runs", "\(runs)"] + (workFolder.map { ["--work-folder", $0] } ?? []) + (noInstall ? ["--no-install"] : [])
    }

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1") }
    }
}
