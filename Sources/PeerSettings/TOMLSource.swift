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
            guard let header = header(of: table) else { return dotted(table, key) }
            guard key != nil else { return header }
            start = header
        }
        guard let key else { return nil }
        for index in start..<lines.count {
            let line = trimmed(lines[index])
            if line.hasPrefix("[") { break }
            for spelling in [key, "\"\(key)\""] where line.hasPrefix(spelling) {
                let rest = trimmed(String(line.dropFirst(spelling.count)))
                if rest.hasPrefix("=") || (table == nil && rest.hasPrefix(".")) { return index + 1 }
            }
        }
        if table == nil { return header(of: key) }
        return start
    }

    /// The line of `table.key = …` (or `table = { … }`) at the top level: a table written without a header.
    private func dotted(_ table: String, _ key: String?) -> Int? {
        let candidates = lines.indices.filter { index in
            let text = trimmed(lines[index])
            guard text.hasPrefix(table) else { return false }
            let rest = trimmed(String(text.dropFirst(table.count)))
            return rest.hasPrefix(".") || rest.hasPrefix("=")
        }
        let exact = candidates.first { index in
            guard let key else { return false }
            return trimmed(String(trimmed(lines[index]).dropFirst(table.count))).dropFirst().drop { $0 == " " || $0 == "\t" }.hasPrefix(key)
        }
        return (exact ?? candidates.first).map { $0 + 1 }
    }

    /// The line of a table header for `name`: `[name]`, `[ name ]`, `[name.sub]` or `[[name]]`.
    private func header(of name: String) -> Int? {
        lines.firstIndex { line in
            let text = trimmed(line)
            guard text.hasPrefix("[") else { return false }
            let inside = text.drop { $0 == "[" || $0 == " " || $0 == "\t" }
            guard inside.hasPrefix(name) else { return false }
            let after = inside.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            return after.hasPrefix("]") || after.hasPrefix(".")
        }.map { $0 + 1 }
    }

    private func trimmed(_ line: String) -> String {
        String(line.drop { $0 == " " || $0 == "\t" })
    }
}
