/// A file's name inside a share: a file name, or a relative path of file names joined by `/`
/// (`music/jazz/Take Five.flac`) from an index that takes folders (PROTOCOL.md §3).
public enum SharePath {
    /// The components (`["music", "jazz", "Take Five.flac"]`).
    public static func components<S: StringProtocol>(_ path: S) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// The file's own name: the last component.
    public static func fileName(_ path: String) -> String {
        // Found in the bytes: every file the index registers is checked for an RFC-like name, and a walk
        // by characters was a sixteenth of registering. A valid path's `/` is never the base of a
        // combining mark (Wire's `TextRules` refuses such components), so the bytes split where characters would.
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: utf8[utf8.index(after: slash)...], as: UTF8.self)
    }

    /// The folders it is in (`music/jazz`), or nil for a plain name.
    public static func folder(_ path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
