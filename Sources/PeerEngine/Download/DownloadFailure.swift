import Model

/// Why a download stopped without its file. Each reads as one line.
public enum DownloadFailure: Error, Hashable, Sendable, CustomStringConvertible {
    case noSources
    case noChunkList
    case sourcesExhausted(missingChunks: Int)
    case disk(String)
    case index(String)

    public var description: String {
        switch self {
        case .noSources: return "nobody has this file now"
        case .noChunkList: return "no source sent a chunk list matching the file's id"
        case .sourcesExhausted(let missing): return "every source failed; \(missing) chunk\(missing == 1 ? "" : "s") still missing"
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
