import ArgumentParser
import Foundation

/// Every comparative benchmark in one run, with one table at the end.
struct AllBenchmarks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every benchmark (index, transfer, tls-sessions, sharing, ui, cluster) and print one table."
    )

    @OptionGroup var options: BenchOptions

    func run() async throws {
        var table = ResultTable()
        let started = ContinuousClock.now
        table.append(try await IndexBenchmark.parse(options.arguments).measure())
        table.append(try TransferBenchmark.parse(options.arguments).measure())
        table.append(try await TLSSessionBenchmark.parse(options.arguments).measure())
        table.append(try SharingBenchmark.parse(options.arguments).measure())
        table.append(try UIBenchmark.parse(options.arguments).measure())
        table.append(try await ClusterBenchmark.parse(options.arguments).measure())
        Console.say(table.render())
        Console.say("\n(\(Figure.time((ContinuousClock.now - started).seconds)) in all)")
        if !table.missed.isEmpty { Console.say("missed: \(table.missed.map(\.measure).joined(separator: "; "))") }
    }
}
