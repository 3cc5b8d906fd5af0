import Foundation

/// Reads small text files: a child's captured output, GNU time's report, /proc entries.
///
/// Not `String(contentsOfFile:)`: for a file whose size reads as 0 (an empty capture, anything in /proc),
/// FoundationEssentials' `readBytesFromFile` mallocs a 4 KiB buffer and never frees it. LeakSanitizer
/// reports that, once per call, and it failed the suite's AddressSanitizer run. `FileHandle` reads with
/// plain read(2) calls and has no such path.
enum TextFile {
    /// The file's contents as UTF-8 text, or nil if it cannot be opened or read.
    static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        do {
            let data = try handle.readToEnd()  // nil: the file is empty
            return String(decoding: data ?? Data(), as: UTF8.self)
        } catch {
            return nil
        }
    }
}
