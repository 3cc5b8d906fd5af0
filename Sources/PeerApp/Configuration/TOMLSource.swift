import TOMLKit

/// A hand-edited TOML file, parsed, that can point at the line of any of its tables and keys, so every
/// problem found in it (a syntax error, an unknown key, a bad value) names the file and the line.
struct TOMLSource {
    let file: String
    let root: TOMLTable
    private let lines: [String]

    init(text: String, file: String) throws(TOMLFileProblem) {
        self.file = file
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TOMLFileProblem(file: file, line: error.source.begin.line, problem: error.description)
        } catch {
            throw TOMLFileProblem(file: file, line: nil, problem: "\(error)")
        }
        lines = text.components(separatedBy: "\n")
    }

    /// A problem at `key` of `[table]` (nil: the top level), or at the table's header when `key` is nil.
    func problem(_ text: String, table: String?, key: String?) -> TOMLFileProblem {
        TOMLFileProblem(file: file, line: line(table: table, key: key), problem: text)
    }

    /// The 1-based line of `[table]`, or of `key = …` inside it (or at the top level when `table` is nil).
    func line(table: String?, key: String?) -> Int? {
        var start = 0
        if let table {
            guard let header = lines.firstIndex(where: { trimmed($0).hasPrefix("[\(table)]") }) else { return nil }
            guard key != nil else { return header + 1 }
            start = header + 1
        }
        guard let key else { return nil }
        for index in start..<lines.count {
            let line = trimmed(lines[index])
            if line.hasPrefix("[") { break }
            for spelling in [key, "\"\(key)\""] where line.hasPrefix(spelling) {
                if trimmed(String(line.dropFirst(spelling.count))).hasPrefix("=") { return index + 1 }
            }
        }
        return table == nil ? nil : start
    }

    private func trimmed(_ line: String) -> String {
        String(line.drop { $0 == " " || $0 == "\t" })
    }
}
