import ArgumentParser

/// `shoal-bench`: reproducible measurements of Shoal against the tools people already use. Results and
/// machines are in BENCHMARKS.md.
@main
struct ShoalBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoal-bench",
        abstract: "Measure Shoal against nginx, redis and sha256sum in the same run (build with -c release).",
        discussion: """
            Run everything with: swift build -c release && .build/release/shoal-bench
            Missing baseline tools (nginx, redis, curl, tmux, GNU time, PostgreSQL) are installed with apt-get unless --no-install is given. \
            Everything runs on 127.0.0.1. The table shows medians of --runs runs, ratios and the targets.
            """,
        subcommands: [AllBenchmarks.self, TransferBenchmark.self, IndexBenchmark.self, SharingBenchmark.self, UIBenchmark.self, RegistryBenchmark.self,
                      TLSSessionBenchmark.self, ClusterBenchmark.self],
        defaultSubcommand: AllBenchmarks.self
    )
}
