import Model
import NIOCore

/// Parses the bodies of `ADD FILES` and `REMOVE FILES`: one entry per line, all or nothing.
/// The first bad line is named in the error; an over-long batch is 413.
struct BatchBodyParser {
    let limits: WireLimits

    /// What a single line was expected to look like.
    private struct LineComplaint: Error {
        let expected: String
    }

    func announcements(_ body: ByteBuffer) throws -> [FileAnnouncement] {
        try entries(body) { line in
            FileAnnouncement(wireLine: line).map(Result.success) ?? .failure(LineComplaint(
                expected: "HASH SIZE NAME (64 hex, a byte count, a file name)"))
        }
    }

    func hashes(_ body: ByteBuffer) throws -> [ContentHash] {
        try entries(body) { line in
            ContentHash(hex: line.trimmingSpaces).map(Result.success) ?? .failure(LineComplaint(expected: "64 hex digits"))
        }
    }

    private func entries<Entry>(_ body: ByteBuffer, _ parse: (Substring) -> Result<Entry, LineComplaint>) throws -> [Entry] {
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            throw RequestError.bad(.shoal, "body is not valid UTF-8")
        }
        var result: [Entry] = []
        for (index, line) in Self.lines(text).enumerated() {
            if line.isEmpty { continue }
            guard result.count < limits.maximumBatchEntries else {
                throw RequestError(.tooLarge, .shoal, "a batch holds at most \(limits.maximumBatchEntries) entries")
            }
            switch parse(line) {
            case .success(let entry): result.append(entry)
            case .failure(let complaint): throw RequestError.bad(.shoal, "body line \(index + 1): expected \(complaint.expected)")
            }
        }
        return result
    }

    /// The lines of `text`, split at LF or CRLF (a CR alone is not a line end), found byte by byte: a line
    /// feed is never part of a longer character, so this is what splitting at the characters `\n` and
    /// `\r\n` gives, without walking the body's grapheme clusters.
    static func lines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                var end = index
                if end != start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
                lines.append(text[start..<end])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }
}
