/// A file's name inside a share: a file name, or a relative path of file names joined by `/`
/// (`music/jazz/Take Five.flac`) from an index that takes folders (PROTOCOL.md §3).
public enum SharePath {
    /// The components (`["music", "jazz", "Take Five.flac"]`).
    public static func components<S: StringProtocol>(_ path: S) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The file's own name: the last component.
    public static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// The folders it is in (`music/jazz`), or nil for a plain name.
    public static func folder(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
