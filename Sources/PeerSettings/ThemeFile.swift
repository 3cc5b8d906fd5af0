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
    public static func parse(_ text: String, name: String, file: String) throws(TOMLFileProblem) -> Theme {
        let source = try TOMLSource(text: text, file: file)
        let table = source.root
        var styles: [StyleRole: RoleStyle] = [:]
        for key in table.keys {
            guard let role = StyleRole(rawValue: key) else {
                throw source.problem("unknown role [\(key)]; roles are \(StyleRole.allCases.map(\.rawValue).joined(separator: ", "))",
                                     table: key, key: nil)
            }
            guard let entry = table[key]?.table else { throw source.problem("\(key) must be a table: [\(key)]", table: nil, key: key) }
            var style = RoleStyle()
            for field in entry.keys {
                let value = entry[field]
                switch field {
                case "fg", "bg":
                    let given = value?.string ?? value?.int.map(String.init) ?? ""
                    guard let color = ThemeColor(name: given) else {
                        throw source.problem("[\(key)] \(field) = '\(given)' is not a colour (a name, bright-NAME, 0-255 or default)",
                                             table: key, key: field)
                    }
                    if field == "fg" { style.foreground = color } else { style.background = color }
                case "bold", "reverse", "dim", "underline":
                    guard let flag = value?.bool else { throw source.problem("[\(key)] \(field) must be true or false", table: key, key: field) }
                    switch field {
                    case "bold": style.bold = flag
                    case "reverse": style.reverse = flag
                    case "dim": style.dim = flag
                    default: style.underline = flag
                    }
                default:
                    throw source.problem("[\(key)] unknown setting '\(field)' (fg, bg, bold, reverse, dim, underline)", table: key, key: field)
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    /// Loads `NAME.toml` from the first folder that has it.
    public static func load(name: String, from folders: [String]) throws(TOMLFileProblem) -> Theme {
        for folder in folders {
            let path = (folder as NSString).appendingPathComponent("\(name).toml")
            if let text = try? String(contentsOfFile: path, encoding: .utf8) { return try parse(text, name: name, file: path) }
        }
        if name == "monochrome" { return Theme.monochrome }
        if name == "default" { return try parse(BuiltInThemes.defaultText, name: name, file: "built-in default theme") }
        throw TOMLFileProblem(file: "\(name).toml", line: nil, problem: "no such theme in \(folders.joined(separator: ", "))")
    }

    /// Theme names available in the folders (file names without `.toml`), sorted; default and monochrome are always there.
    public static func available(in folders: [String]) -> [String] {
        var names = Set(["default", "monochrome"])
        for folder in folders {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(5)))
            }
        }
        return names.sorted { ($0 == "default" ? "" : $0) < ($1 == "default" ? "" : $1) }
    }
}
