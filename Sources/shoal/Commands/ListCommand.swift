import ArgumentParser
import Model
import PeerEngine
import Wire

/// `shoal list`: every file in the index, page by page.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every file in the index (like the classic LIST ALL), one line per distinct file."
    )

    @OptionGroup var index: IndexOptions
    @Option(help: "Most files to print.") var limit = 10_000
    @Flag(help: "One JSON object per line instead of a table.") var json = false

    func run() async throws {
        _ = LogSetup.bootstrap(index.logLevel ?? "warning")
        do {
            let session = try await IndexSession.connect(host: index.host, port: index.port)
            defer { Task { await session.close() } }
            var hits: [SearchHit] = []
            var cursor: Int? = 0
            while let next = cursor, hits.count < limit {
                let page = try await session.listAll(Page(cursor: next, limit: min(1000, limit - hits.count)))
                hits += page.entries
                cursor = page.nextCursor
            }
            guard !hits.isEmpty else { throw CLIFailure.nothingFound("the index lists no files") }
            OutputFormat(json: json).hits(hits)
        } catch {
            CLIFailure.from(error).exit()
        }
    }
}
