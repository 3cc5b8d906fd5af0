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
                expected: "HASH SIZE ROOT NAME (64 hex, a byte count, 64 hex, a file name)"))
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
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine
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
}
