import ArgumentParser
import Model
import PeerEngine

/// `shoal search WORDS...`: search the index.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index: every word must begin a word of the file name (case and accents ignored).",
        discussion: "Prints SIZE, PEERS (sources), TYPE, KEY and NAME; use the KEY (or the full hash from --json) with 'shoal get'."
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var running: RunningPeerOptions
    @Argument(help: "Words to search for.") var words: [String]
    @Option(help: ArgumentHelp("Smallest size, e.g. 10M.", valueName: "size")) var minSize: String?
    @Option(help: ArgumentHelp("Largest size, e.g. 1G.", valueName: "size")) var maxSize: String?
    @Option(help: ArgumentHelp("Extensions or categories, comma-separated: mp3,flac or audio, video, image, document, archive, program.",
                               valueName: "types")) var type: String?
    @Option(help: "Most results (at most 500).") var limit = 100
    @Flag(help: "One JSON object per line instead of a table.") var json = false

    func validate() throws {
        for (flag, value) in [("--min-size", minSize), ("--max-size", maxSize)] {
            if let value, ByteCount.parse(value) == nil { throw ValidationError("\(flag) must be a size such as 10M, not '\(value)'") }
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        await index.withQueries(state: running.state, client: "shoal search") { session in
            var query = SearchQuery(keywords: NameTokenizer.words(words.joined(separator: " ")), limit: limit)
            query.minimumSize = minSize.flatMap(ByteCount.parse).map { UInt64($0) }
            query.maximumSize = maxSize.flatMap(ByteCount.parse).map { UInt64($0) }
            if let type { query.extensions = FileTypes.extensions(type) }
            let (hits, complete) = try await session.search(query)
            guard !hits.isEmpty else { throw CLIFailure.nothingFound("nothing matches '\(words.joined(separator: " "))'") }
            OutputFormat(json: json).hits(hits)
            if !complete, !json { printError("shoal: showing the best of the first matches; narrow the search for more") }
        }
    }
}

/// The `--type` list: category names expand to their extensions.
enum FileTypes {
    static func extensions(_ list: String) -> Set<String> {
        var result = Set<String>()
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !entry.isEmpty {
            if let category = FileCategory(rawValue: entry) { result.formUnion(category.extensions) } else {
                result.insert(entry.hasPrefix(".") ? String(entry.dropFirst()) : entry)
            }
        }
        return result
    }
}
