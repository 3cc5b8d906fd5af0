import Model

/// Why a download stopped without its file. Each reads as one line.
public enum DownloadFailure: Error, Hashable, Sendable, CustomStringConvertible {
    case noSources
    /// No source sent a chunk list that fits the file's id; `problems` says why, when the sources said.
    case noChunkList(problems: String)
    /// Every source failed; `problems` says why, in a few words a source.
    case sourcesExhausted(missingChunks: Int, problems: String)
    case disk(String)
    case index(String)

    public var description: String {
        switch self {
        case .noSources: return "nobody has this file now"
        case .noChunkList(let problems):
            let text = "no source sent a chunk list matching the file's id"
            return problems.isEmpty ? text : "\(text) (\(problems))"
        case .sourcesExhausted(let missing, let problems):
            let chunks = "\(missing) chunk\(missing == 1 ? "" : "s") still missing"
            return problems.isEmpty ? "every source failed; \(chunks)" : "every source failed (\(problems)); \(chunks)"
        case .disk(let reason): return reason
        case .index(let reason): return reason
        }
    }
}

extension TransferFailure {
    /// The kind of an error that ended a download.
    init(classifying error: any Error) {
        switch error {
        case let failure as DownloadFailure:
            switch failure {
            case .noSources: self = .noSources
            case .noChunkList, .sourcesExhausted: self = .sourcesFailed
            case .disk: self = .storage
            case .index: self = .sourcesFailed  // classic sources that all failed
            }
        case is PartialFile.Failure: self = .storage
        case is IndexLinkError: self = .index
        default: self = .sourcesFailed
        }
    }
}
