import Foundation
import TOMLKit
import TerminalUI

/// Reads theme files: TOML with one table per role, for example
///
/// ```toml
/// [selection]
/// fg = "black"        # a colour name, bright-NAME, 0-255, or "default"
/// bg = "cyan"
/// bold = true         # also: reverse, dim, underline
/// ```
///
/// Errors name the file and the line.
public enum ThemeFile {
    public struct Failure: Error, CustomStringConvertible {
        public let file: String
        public let line: Int?
        public let problem: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(problem)" }
    }

    public static func parse(_ text: String, name: String, file: String) throws -> Theme {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Failure(file: file, line: error.source.begin.line, problem: error.description)
        }
        let lines = text.components(separatedBy: "\n")
        func fail(_ problem: String, table key: String, field: String? = nil) -> Failure {
            Failure(file: file, line: line(of: key, field: field, in: lines), problem: problem)
        }
        var styles: [StyleRole: RoleStyle] = [:]
        for key in table.keys {
            guard let role = StyleRole(rawValue: key) else {
                throw fail("unknown role [\(key)]; roles are \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))", table: key)
            }
            guard let entry = table[key]?.table else { throw fail("\(key) must be a table: [\(key)]", table: key) }
            var style = RoleStyle()
            for field in entry.keys {
                let value = entry[field]
                switch field {
                case "fg", "bg":
                    let given = value?.string ?? value?.int.map(String.init) ?? ""
                    guard let color = ThemeColor(name: given) else {
                        throw fail("[\(key)] \(field) = '\(given)' is not a colour (a name, bright-NAME, 0-255 or default)",
                                   table: key, field: field)
                    }
                    if field == "fg" { style.foreground = color } else { style.background = color }
                case "bold", "reverse", "dim", "underline":
                    guard let flag = value?.bool else { throw fail("[\(key)] \(field) must be true or false", table: key, field: field) }
                    switch field {
                    case "bold": style.bold = flag
                    case "reverse": style.reverse = flag
                    case "dim": style.dim = flag
                    default: style.underline = flag
                    }
                default:
                    throw fail("[\(key)] unknown setting '\(field)' (fg, bg, bold, reverse, dim, underline)", table: key, field: field)
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    /// The 1-based line of `[table]`, or of `field = …` inside it.
    static func line(of table: String, field: String?, in lines: [String]) -> Int? {
        guard let header = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[\(table)]") }) else { return nil }
        guard let field else { return header + 1 }
        for index in (header + 1)..<lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") { break }
            if trimmed.hasPrefix(field), trimmed.dropFirst(field.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                return index + 1
            }
        }
        return header + 1
    }

    /// Loads `NAME.toml` from the first folder that has it.
    public static func load(name: String, from folders: [String]) throws -> Theme {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent("\(name).toml")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try parse(text, name: name, file: path) }
        }
        if name == "monochrome" { return Theme.monochrome }
        throw Failure(file: "\(name).toml", line: nil, problem: "no such theme in \(folders.joined(separator: ", "))")
    }

    /// Theme names available in the folders (file names without `.toml`), sorted, monochrome always included.
    public static func available(in folders: [String]) -> [String] {
        var names = Set(["monochrome"])
        for folder in folders {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted { ($0 == "default" ? "" : $0) < ($1 == "default" ? "" : $1) }
    }
}
