import ArgumentParser
import Model
import PeerEngine

/// `shoal sources KEY`: who has a file, and which of them other peers can connect to.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the peers that have a file (its hash or rfc:N), and whether each can be reached.",
        discussion: """
            REACH is yes when the index could connect to that peer's upload port, NAT when it could not (the peer \
            is behind NAT or a firewall: a direct download from it will fail), and - when the index does not \
            say (classic peers, or an index run without the check).
            """
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var running: RunningPeerOptions
    @Argument(help: "The file: its hash (from 'shoal search' or 'shoal hash') or rfc:N.") var file: String
    @Flag(help: "One JSON object per line instead of a table.") var json = false

    func validate() throws {
        guard FileKey(file) != nil else { throw ValidationError("'\(file)' is not a file key (a 64-digit hash or rfc:N)") }
    }

    func run() async throws {
        await index.withQueries(state: running.state, client: "shoal sources") { session in
            let sources = try await session.sources(of: FileKey(file)!)
            guard !sources.isEmpty else { throw CLIFailure.nothingFound("nobody has \(file) now") }
            OutputFormat(json: json).sources(sources)
        }
    }
}
