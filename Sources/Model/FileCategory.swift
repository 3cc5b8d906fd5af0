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
}
