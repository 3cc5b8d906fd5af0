#if canImport(Glibc)
import Glibc
#endif

/// Files only their owner may read (keys, tokens), written so that they are never readable by others,
/// not even for a moment: created with their mode, never widened afterwards.
public enum PrivateFile {
    /// Writes `text` to a new file at `path` with mode `permissions`; fails if the file exists.
    /// - Throws: ``Failure`` with the path and the system's reason.
    public static func create(_ path: String, containing text: String, permissions: mode_t = 0o600) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw Failure(path: path, reason: "cannot create it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Failure(path: path, reason: "cannot write it: \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces the file at `path` with `text` in one step (a new file renamed over it).
    public static func replace(_ path: String, with text: String, permissions: mode_t = 0o600) throws {
        let temporary = path + ".new"
        unlink(temporary)
        try create(temporary, containing: text, permissions: permissions)
        guard rename(temporary, path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    }

    /// A file that could not be written: its path and why, in one line.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }
}
