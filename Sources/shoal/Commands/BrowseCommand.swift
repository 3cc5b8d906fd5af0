import ArgumentParser
import Model
import PeerEngine

/// `shoal browse PEER`: one peer's whole file list.
struct BrowseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "List the files one peer shares (its id, such as p12, from 'shoal search' or the UI)."
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var running: RunningPeerOptions
    @Argument(help: "The peer's id, such as p12.") var peer: String
    @Flag(help: "One JSON object per line instead of a table.") var json = false

    func validate() throws {
        guard PeerID(peer) != nil else { throw ValidationError("'\(peer)' is not a peer id (they look like p12)") }
    }

    func run() async throws {
        await index.withQueries(state: running.state, client: "shoal browse") { session in
            guard let entries = try await session.browse(PeerID(peer)!) else {
                throw CLIFailure.nothingFound("no peer \(peer) is connected to the index")
            }
            guard !entries.isEmpty else { throw CLIFailure.nothingFound("\(peer) shares no files") }
            OutputFormat(json: json).entries(entries)
        }
    }
}
