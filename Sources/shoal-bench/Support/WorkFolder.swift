import Foundation

/// Where one benchmark run keeps its files: a new private folder (removed afterwards), or one the user named.
struct WorkFolder {
    let path: String
    private let owned: Bool

    init(_ requested: String?) throws {
        if let requested {
            try FileManager.default.createDirectory(atPath: requested, withIntermediateDirectories: true)
            path = (requested as NSString).standardizingPath
            owned = false
        } else {
            let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            var template = Array("\(base)/shoal-bench-XXXXXX".utf8CString)
            guard let made = mkdtemp(&template) else { throw ChildProcess.Failure(description: "cannot make a folder in \(base)") }
            path = String(cString: made)
            owned = true
        }
    }

    /// A subfolder, created.
    func folder(_ name: String) throws -> String {
        let result = path + "/" + name
        try FileManager.default.createDirectory(atPath: result, withIntermediateDirectories: true)
        return result
    }

    func remove() {
        if owned { try? FileManager.default.removeItem(atPath: path) }
    }
}
