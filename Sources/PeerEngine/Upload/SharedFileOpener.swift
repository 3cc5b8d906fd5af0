import Foundation
import NIOCore

/// Opens a shared file for an upload. Blocking (an open and an fstat, which can wait on a busy or slow
/// disk): the upload handler calls it on the I/O pool, never on the event loop that serves every other
/// connection.
enum SharedFileOpener {
    /// Opens a catalogued file without following a symlink put in its place, and checks it is unchanged
    /// since it was hashed (size and modification time); a changed file is not served until the next scan.
    static func open(_ file: SharedFile) -> NIOFileHandle? {
        guard let handle = try? NIOFileHandle(_deprecatedPath: file.path, mode: .read,
                                              flags: .posix(flags: O_NOFOLLOW, mode: 0)) else { return nil }
        var info = stat()
        let mtime = { Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) }
        let unchanged = (try? handle.withUnsafeFileDescriptor { fstat($0, &info) }) == 0
            && UInt64(info.st_size) == file.size && mtime() == file.mtimeNanoseconds
        guard unchanged else {
            try? handle.close()
            return nil
        }
        return handle
    }
}
