import ArgumentParser

/// `shoal-bench`: reproducible measurements of Shoal's parts. Results and machines are in BENCHMARKS.md.
@main
struct ShoalBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoal-bench",
        abstract: "Measure Shoal's components (build with -c release for meaningful numbers).",
        subcommands: [RegistryBenchmark.self]
    )
}
