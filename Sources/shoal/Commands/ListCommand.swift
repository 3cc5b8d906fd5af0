import ArgumentParser
import Model
import PeerEngine

/// `shoal list`: every file in the index, page by page.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every file in the index (like the classic LIST ALL), one line per distinct file."
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var running: RunningPeerOptions
    @Option(help: "Most files to print.") var limit = 10_000
    @Flag(help: "One JSON object per line instead of a table.") var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        await index.withQueries(state: running.state, client: "shoal list") { session in
            let hits = try await session.list(limit: limit)
            guard !hits.isEmpty else { throw CLIFailure.nothingFound("the index lists no files") }
            OutputFormat(json: json).hits(hits)
        }
    }
}
