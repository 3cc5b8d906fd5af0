import Model

/// An admitted announcement (``Registry/admitFiles(_:_:)``) with its name's ``NameTerms`` worked out, for
/// ``Registry/applyFiles(_:_:)``. The server prepares a batch on a worker thread before it takes the write
/// lock, so that the lock is held for the registry's own work only (BENCHMARKS.md).
struct PreparedFile: Sendable {
    let announcement: FileAnnouncement
    let terms: NameTerms

    init(_ announcement: FileAnnouncement, maximumWords: Int) {
        self.announcement = announcement
        terms = NameTerms(announcement.name, maximumWords: maximumWords)
    }

    /// `files` prepared under `limits`' word limit, in order. Needs no registry, so the server calls it
    /// without the lock.
    static func batch(_ files: [FileAnnouncement], limits: RegistryLimits) -> [PreparedFile] {
        files.map { PreparedFile($0, maximumWords: limits.maximumWordsPerName) }
    }
}
