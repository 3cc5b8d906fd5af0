import Foundation
import Model
import NIOCore
import Wire

/// A download's data while it is incomplete: `downloads/.partial/<id>.part`, out of sight of the user.
/// Blocking file I/O: call from the engine's I/O pool. Only a verified file leaves this place, by a hard
/// link under its final name (which fails instead of overwriting), then the partial name is removed.
public struct PartialFile: Sendable {
    public let path: String

    /// `instance` is the state folder's name (``StateStore/instance``): two peers sharing a downloads
    /// folder never write the same partial file.
    public init(downloads: String, instance: String, id: Int64) {
        path = (downloads as NSString).appendingPathComponent(".partial/\(instance)-\(id).part")
    }

    /// The partial files of one state folder.
    static func prefix(instance: String) -> String { "\(instance)-" }

    public enum Failure: Error, CustomStringConvertible {
        case io(String, Int32)
        public var description: String {
            switch self {
            case .io(let what, let code) where code == ENOSPC: return "disk full while \(what)"
            case .io(let what, let code): return "\(what) failed: \(String(cString: strerror(code)))"
            }
        }
        public var isDiskFull: Bool { if case .io(_, ENOSPC) = self { return true } else { return false } }
        /// True for failures of the downloads folder itself: full, read-only, no permission.
        public var isStorage: Bool {
            if case .io(_, let code) = self { return [ENOSPC, EACCES, EROFS, EDQUOT, EPERM].contains(code) }
            return false
        }
    }

    /// Empties the file (before a whole-file classic download).
    public func truncate() throws {
        guard Foundation.truncate(path, 0) == 0 else { throw Failure.io("truncating \(path)", errno) }
    }

    /// Creates the file (and the partial folder) if missing; keeps existing data.
    public func create() throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure.io("creating \(path)", errno) }
        close(fd)
    }

    /// How far before the newest write the partial file's cached pages are dropped (see ``write(_:at:)``).
    static let cacheBehind: UInt64 = 16 << 20

    /// Writes `bytes` at `offset` and sends them on to the disk: their writeback starts at once, and the
    /// cached pages of the bytes ``cacheBehind`` before them, written back by now, are dropped. A big
    /// download then neither leaves a gigabyte of dirty pages for one long flush when it is published, nor
    /// fills the page cache. On virtual machines whose fresh page-cache pages are slow to get (the host
    /// takes back free memory), it also makes writing several times faster, because the same few pages are
    /// used again. Linux only; elsewhere a plain write.
    /// The file must exist (``create()``): a late write after the download was cancelled or published
    /// fails instead of leaving an orphan partial file behind.
    public func write(_ bytes: ByteBuffer, at offset: UInt64) throws {
        let fd = Foundation.open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.io("opening \(path)", errno) }
        defer { close(fd) }
        try bytes.withUnsafeReadableBytes { raw in
            var written = 0
            while written < raw.count {
                let n = pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(offset) + off_t(written))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure.io("writing", errno)
                }
                written += n
            }
        }
        #if os(Linux)
        // POSIX_FADV_DONTNEED starts the writeback of dirty pages and drops clean ones; it never loses data.
        _ = posix_fadvise(fd, off_t(offset), off_t(bytes.readableBytes), POSIX_FADV_DONTNEED)
        if offset >= Self.cacheBehind {
            _ = posix_fadvise(fd, off_t(offset - Self.cacheBehind), off_t(bytes.readableBytes), POSIX_FADV_DONTNEED)
        }
        #endif
    }

    /// `length` bytes at `offset`; fails when the file is shorter.
    public func read(offset: UInt64, length: Int) throws -> ByteBuffer {
        let fd = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure.io("opening \(path)", errno) }
        defer { close(fd) }
        var buffer = ByteBuffer()
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { raw in
            var done = 0
            while done < length {
                let n = pread(fd, raw.baseAddress! + done, length - done, off_t(offset) + off_t(done))
                if n < 0, errno == EINTR { continue }
                if n < 0 { throw Failure.io("reading \(path)", errno) }
                if n == 0 { throw Failure.io("reading \(path) (file too short)", EIO) }
                done += n
            }
            return length
        }
        return buffer
    }

    /// The SHA-256 of `length` bytes at `offset` (nil when the file is shorter).
    public func digest(offset: UInt64, length: Int) -> ContentHash? {
        (try? read(offset: offset, length: length)).map(ChunkList.digest(of:))
    }

    /// Makes the verified file visible in `top` under `name` (a safe name is made up when it is not one),
    /// never replacing an existing file: `name (1).ext`, `name (2).ext`… A name that is a path inside a share
    /// (`jazz/live/Take Five.flac`, from a folder download) keeps its folders under `top`, each component
    /// checked and each folder made (an existing folder that is a link is not followed: the file lands in `top`
    /// instead). When a file of that name already has exactly this content (the file's `id`), that one is
    /// used. Returns the final path. The data is flushed to disk first; the partial file stays until the
    /// caller has recorded completion and calls ``remove()``.
    public func publish(folder top: String, name: String, id: ContentHash?) throws -> String {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        // Bidirectional overrides would make `exe.txt` look like `txt.exe` in every file manager: never saved.
        let shown = TerminalText.safe(name)
        let components = SharePath.components(shown)
        let visible = TextRules.isValidFilePath(shown) && !components.contains { $0.hasPrefix(".") }
        let folder = visible ? (try Self.makeFolders(components.dropLast(), in: top)) ?? top : top
        let fileName = visible ? String(components.last!) : ""
        let safe = visible && (folder != top || components.count == 1) ? fileName : "download-\(id?.short ?? "file")"
        let base = (safe as NSString).deletingPathExtension, ext = (safe as NSString).pathExtension
        for attempt in 0..<1000 {
            let candidate = attempt == 0 ? safe : Self.numbered(base: base, ext: ext, attempt)
            let destination = (folder as NSString).appendingPathComponent(candidate)
            if link(path, destination) == 0 {
                Self.syncFolder(folder)
                return destination
            }
            let error = errno
            if error == EPERM || error == EOPNOTSUPP || error == EXDEV || error == EMLINK {
                // A file system without hard links: copy under the new name only if it is still free.
                guard access(destination, F_OK) != 0 else { continue }
                try FileManager.default.copyItem(atPath: path, toPath: destination)
                Self.syncFolder(folder)
                return destination
            }
            guard error == EEXIST else { throw Failure.io("moving into \(folder)", error) }
            if let id, Self.size(destination) == Self.size(path), (try? FileHasher.digest(ofFileAt: destination))?.hash == id {
                return destination
            }
        }
        throw Failure.io("finding a free name in \(folder)", EEXIST)
    }

    /// Makes each folder of `components` under `top` (existing real folders are fine); nil when one exists
    /// and is not a real folder (a link, a file): nothing is ever written through a link.
    static func makeFolders(_ components: ArraySlice<Substring>, in top: String) throws -> String? {
        var folder = top
        for component in components {
            folder = (folder as NSString).appendingPathComponent(String(component))
            if mkdir(folder, 0o755) != 0 {
                let error = errno
                guard error == EEXIST else { throw Failure.io("making the folder \(folder)", error) }
                var status = stat()
                guard lstat(folder, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return nil }
            }
        }
        return folder
    }

    /// `base (n).ext`, the base shortened (by whole characters) so the name stays within 255 bytes.
    static func numbered(base: String, ext: String, _ attempt: Int) -> String {
        let suffix = " (\(attempt))" + (ext.isEmpty ? "" : ".\(ext)")
        var shortened = Substring(base)
        while shortened.utf8.count + suffix.utf8.count > TextRules.maximumFileNameBytes, !shortened.isEmpty {
            shortened = shortened.dropLast()
        }
        return String(shortened) + suffix
    }

    private static func syncFolder(_ folder: String) {
        let descriptor = Foundation.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    public func remove() { unlink(path) }

    public var size: UInt64? { Self.size(path) }

    private init(path: String) { self.path = path }

    private static func size(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_size) : nil
    }
}
