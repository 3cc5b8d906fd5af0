import Foundation
import Model
import PeerApp
import TOMLKit

/// The user's configuration file: the settings a person would otherwise repeat on every command line.
/// Every setting is optional; flags on the command line override it, and built-in defaults fill the rest.
///
/// ```toml
/// index = "hub.example.org:7734"   # or "shoal://hub.example.org:7734/?kp=sha256/…", as the index prints it;
///                                  # nodes of one cluster separated by commas: "a.example.org,b.example.org"
/// allow-plaintext = false          # true: talk P2P-CI/2.1 without TLS where the other side has none
/// token = "st_…"                   # for a private index: the token its operator gave you
/// nickname = "alice"
/// theme = "default"
/// notify = "bell"                  # a finished or failed download: "bell", "desktop" (bell + notification) or "off"
/// mouse = true                     # clicks select, double click is Enter, the wheel scrolls
///
/// [keys]                 # actions (the ? overlay lists them) and their keys: one, or a list
/// download = "D"
/// up = ["Up", "k", "Ctrl-P"]
///
/// [folders]              # ~ is the home folder; relative paths start where shoal runs
/// uploads = "~/shared"
/// downloads = "~/Downloads"
/// state = "~/.local/state/shoal"
///
/// [limits]
/// upload-rate = "500K"   # bytes per second, K/M/G suffixes; "0": unlimited
/// download-rate = "2M"
/// upload-slots = 4
/// max-downloads = 3
/// rescan-interval = 60   # seconds
///
/// [upload-server]
/// address = "0.0.0.0"
/// port = 0               # 0: any free port
/// ```
///
/// Unknown keys and bad values are errors naming the file and the line, never silently ignored.
public struct UserConfig: Sendable, Equatable {
    public var index: IndexAddress?
    /// More nodes of the same index cluster (`index = "a:7734,b:7734"`), tried in turn when `index` goes away.
    public var otherIndexNodes: [IndexAddress] = []
    public var nickname: String?
    public var theme: String?
    public var uploads: String?
    public var downloads: String?
    public var state: String?
    /// Bytes per second; 0 means unlimited.
    public var uploadRate: Int?
    public var downloadRate: Int?
    public var uploadSlots: Int?
    public var maxDownloads: Int?
    public var rescanInterval: Int?
    public var listenAddress: String?
    public var listenPort: Int?
    /// `allow-plaintext`: P2P-CI/2.1 without TLS where the other side offers none.
    public var allowPlaintext: Bool?
    /// `token`: what a private index admits this peer by.
    public var token: String?
    /// `[keys]`: the standard keys with the file's changes.
    public var keys: KeyMap?
    /// `notify`: how finished and failed downloads are announced.
    public var notify: NotifyStyle?
    /// `mouse`: whether the UI takes clicks and the wheel.
    public var mouse: Bool?

    public init() {}

    /// Shoal's configuration folder: `$XDG_CONFIG_HOME/shoal` (when set and not empty), else `~/.config/shoal`.
    /// It holds `config.toml` and `themes/`.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".config")
        return (base as NSString).appendingPathComponent("shoal")
    }

    /// Where the file is looked for: `config.toml` in ``directory(environment:)``.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (directory(environment: environment) as NSString).appendingPathComponent("config.toml")
    }

    /// Reads the file at `path`. A missing file is an empty configuration unless `required` (a path the
    /// user named), which makes it an error.
    public static func load(path: String, required: Bool) throws(TOMLFileProblem) -> UserConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw TOMLFileProblem(file: path, line: nil, problem: "no such file") }
            return UserConfig()
        }
        let handle = FileHandle(forReadingAtPath: path)
        defer { try? handle?.close() }
        guard let handle, let data = try? handle.readToEnd() ?? Data() else {
            throw TOMLFileProblem(file: path, line: nil, problem: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLFileProblem(file: path, line: nil, problem: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses the text of a configuration file; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(TOMLFileProblem) -> UserConfig {
        let source = try TOMLSource(text: text, file: file)
        let reader = Reader(source: source)
        var config = UserConfig()
        for key in source.root.keys {
            switch key {
            case "index":
                let text = try reader.string(key, in: nil)
                switch IndexAddress.parseLocations(text) {
                case .success(let addresses):
                    config.index = addresses.first
                    config.otherIndexNodes = Array(addresses.dropFirst())
                case .failure(let error): throw source.problem("index: \(error)", table: nil, key: key)
                }
            case "allow-plaintext":
                guard let allowed = source.root[key]?.bool else { throw source.problem("allow-plaintext must be true or false", table: nil, key: key) }
                config.allowPlaintext = allowed
            case "token":
                let token = try reader.string(key, in: nil)
                guard (1...128).contains(token.count), token.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
                    throw source.problem("token must be the token the index's operator gave you (1-128 characters, no spaces)", table: nil, key: key)
                }
                config.token = token
            case "nickname":
                let nick = try reader.string(key, in: nil)
                guard Nickname.isValid(nick) else {
                    throw source.problem("nickname must be 1-32 letters, digits, '.', '_' or '-', not '\(nick)'", table: nil, key: key)
                }
                config.nickname = nick
            case "theme":
                config.theme = try reader.string(key, in: nil)
            case "notify":
                guard let style = NotifyStyle(rawValue: try reader.string(key, in: nil)) else {
                    throw source.problem("notify must be \"bell\", \"desktop\" or \"off\"", table: nil, key: key)
                }
                config.notify = style
            case "mouse":
                guard let on = source.root[key]?.bool else { throw source.problem("mouse must be true or false", table: nil, key: key) }
                config.mouse = on
            case "keys":
                config.keys = try KeyBindings.read(source)
            case "folders":
                try reader.table(key, keys: ["uploads", "downloads", "state"]) { (field: String) throws(TOMLFileProblem) in
                    let path = (try reader.string(field, in: key) as NSString).expandingTildeInPath
                    guard !path.isEmpty else { throw source.problem("\(field) must not be empty", table: key, key: field) }
                    switch field {
                    case "uploads": config.uploads = path
                    case "downloads": config.downloads = path
                    default: config.state = path
                    }
                }
            case "limits":
                try reader.table(key, keys: ["upload-rate", "download-rate", "upload-slots", "max-downloads", "rescan-interval"]) { (field: String) throws(TOMLFileProblem) in
                    switch field {
                    case "upload-rate": config.uploadRate = try reader.rate(field, in: key)
                    case "download-rate": config.downloadRate = try reader.rate(field, in: key)
                    case "upload-slots": config.uploadSlots = try reader.integer(field, in: key, range: 1...1000)
                    case "max-downloads": config.maxDownloads = try reader.integer(field, in: key, range: 1...100)
                    default: config.rescanInterval = try reader.integer(field, in: key, range: 5...86_400)
                    }
                }
            case "upload-server":
                try reader.table(key, keys: ["address", "port"]) { (field: String) throws(TOMLFileProblem) in
                    if field == "port" {
                        config.listenPort = try reader.integer(field, in: key, range: 0...65535)
                    } else {
                        let address = try reader.string(field, in: key)
                        guard !address.isEmpty, !address.contains(" ") else {
                            throw source.problem("address must be an IP address such as 0.0.0.0 or ::", table: key, key: field)
                        }
                        config.listenAddress = address
                    }
                }
            default:
                throw source.problem("unknown setting '\(key)' (index, allow-plaintext, token, nickname, theme, notify, mouse, [folders], [limits], [upload-server], [keys])",
                                     table: nil, key: key)
            }
        }
        return config
    }

    /// Typed access to values, with errors that name the key and its line.
    private struct Reader {
        let source: TOMLSource

        func value(_ key: String, in table: String?) -> TOMLValueConvertible? {
            table.flatMap { source.root[$0]?.table?[key] } ?? (table == nil ? source.root[key] : nil)
        }

        func string(_ key: String, in table: String?) throws(TOMLFileProblem) -> String {
            guard let text = value(key, in: table)?.string else {
                throw source.problem("\(key) must be a string in quotes", table: table, key: key)
            }
            return text
        }

        func integer(_ key: String, in table: String, range: ClosedRange<Int>) throws(TOMLFileProblem) -> Int {
            guard let number = value(key, in: table)?.int, range.contains(number) else {
                throw source.problem("\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)", table: table, key: key)
            }
            return number
        }

        func rate(_ key: String, in table: String) throws(TOMLFileProblem) -> Int {
            let given = value(key, in: table)
            guard let rate = given?.string.flatMap(ByteCount.parse) ?? given?.int, rate >= 0 else {
                throw source.problem("\(key) must be a rate such as \"500K\" or \"2M\" (bytes per second; \"0\": unlimited)",
                                     table: table, key: key)
            }
            return rate
        }

        /// Checks that `[name]` is a table with only `keys`, then reads each key present.
        func table(_ name: String, keys: [String], _ read: (String) throws(TOMLFileProblem) -> Void) throws(TOMLFileProblem) {
            guard let table = source.root[name]?.table else { throw source.problem("\(name) must be a table: [\(name)]", table: nil, key: name) }
            for field in table.keys {
                guard keys.contains(field) else {
                    throw source.problem("[\(name)] unknown setting '\(field)' (\(keys.joined(separator: ", ")))", table: name, key: field)
                }
                try read(field)
            }
        }
    }
}
