import ArgumentParser
import Foundation

/// Every comparative benchmark in one run, with one table at the end.
struct AllBenchmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every benchmark (transfer, index, sharing, ui) and print one table."
    )

    @OptionGroup var options: BenchOptions

    func run() throws {
        var table = ResultTable()
        let started = ContinuousClock.now
        table.append(try TransferBenchmark.parse(options.arguments).measure())
        print(table.render())
        print("\n(\(Figure.time((ContinuousClock.now - started).seconds)) in all)")
        if !table.missed.isEmpty { print("missed: \(table.missed.map(\.measure).joined(separator: "; "))") }
    }
}
