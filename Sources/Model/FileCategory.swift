/// Named groups of file extensions that a search's `Type` filter accepts besides plain extensions.
public enum FileCategory: String, CaseIterable, Sendable {
    case audio, video, image, document, archive, program

    public var extensions: Set<String> {
        switch self {
        case .audio: return ["mp3", "flac", "ogg", "opus", "wav", "m4a", "aac", "wma", "aiff"]
        case .video: return ["mp4", "mkv", "avi", "mov", "webm", "wmv", "m4v", "mpg", "mpeg", "ts"]
        case .image: return ["jpg", "jpeg", "png", "gif", "webp", "bmp", "svg", "tif", "tiff", "heic"]
        case .document: return ["pdf", "txt", "md", "doc", "docx", "odt", "rtf", "epub", "tex", "ps", "html", "rfc"]
        case .archive: return ["zip", "tar", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "iso"]
        case .program: return ["exe", "msi", "deb", "rpm", "apk", "dmg", "appimage", "sh", "jar"]
        }
    }

    /// A `Type` header's entries for `extensions`, as few as the set allows: a category whose every
    /// extension is in the set goes by its name, the rest as `.ext` (with the dot, so an extension spelled
    /// like a category stays an extension). Categories share no extension, so the list is never longer than
    /// the entries a user gave (`video, audio` stays two entries, not nineteen over the 16-entry limit).
    public static func typeEntries(for extensions: Set<String>) -> [String] {
        let whole = allCases.filter { extensions.isSuperset(of: $0.extensions) }
        let covered = whole.reduce(into: Set<String>()) { $0.formUnion($1.extensions) }
        return whole.map(\.rawValue) + extensions.subtracting(covered).sorted().map { "." + $0 }
    }
}
