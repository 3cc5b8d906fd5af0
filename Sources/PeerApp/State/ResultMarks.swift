import Model

/// What search results are marked by: `✓` a file this peer has, `↓` one it is downloading. Each set is
/// kept from the events that change it, so a transfer's progress never rebuilds the share's.
public struct ResultMarks: Hashable, Sendable {
    /// The shared files' keys (from the share's event).
    public var shared: Set<FileKey> = []
    /// Downloads completed, and downloads not finished, among the transfers.
    public var completed: Set<FileKey> = []
    public var queued: Set<FileKey> = []
    /// Files downloaded earlier and still in the downloads folder (the engine says which).
    public var downloaded: Set<FileKey> = []

    public init() {}

    /// Whether this peer has the file: shares it, downloaded it, or has it in its downloads folder.
    public func has(_ key: FileKey) -> Bool { shared.contains(key) || completed.contains(key) || downloaded.contains(key) }

    /// `✓`, `↓` or nothing.
    func label(for key: FileKey) -> String { has(key) ? "✓" : queued.contains(key) ? "↓" : "" }
}
