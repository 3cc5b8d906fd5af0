import Foundation
import Release

/// Copies a built Shoal (both executables, themes, completions, man pages) under a prefix, and removes it
/// again: what `shoal install` and `shoal uninstall` do.
struct Installer {
    let layout: InstallLayout
    /// The folder holding the `shoal` and `shoal-index` being installed.
    let buildFolder: String
    /// Prints a line for the user.
    let say: (String) -> Void

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Installs; returns the files written, relative to the prefix.
    func install() throws -> [String] {
        let fileManager = FileManager.default
        for program in InstallLayout.programs where !fileManager.isExecutableFile(atPath: buildFolder + "/" + program) {
            throw Failure(description: "\(program) is not in \(buildFolder): build both first (swift build -c release)")
        }
        var written: [String] = []
        let record = { (path: String) in written.append(String(path.dropFirst(layout.prefix.count + 1))) }

        for program in InstallLayout.programs {
            let target = layout.bin + "/" + program
            try copy(buildFolder + "/" + program, to: target, mode: 0o755)
            record(target)
        }
        let themeSource = try themeFolder()
        for theme in try fileManager.contentsOfDirectory(atPath: themeSource).sorted() where theme.hasSuffix(".toml") {
            let target = layout.themes + "/" + theme
            try copy(themeSource + "/" + theme, to: target, mode: 0o644)
            record(target)
        }
        for program in InstallLayout.programs {
            for shell in InstallLayout.shells {
                let script = try run(layout.bin + "/" + program, ["--generate-completion-script", shell])
                let target = layout.completionPath(program: program, shell: shell)
                try write(script, to: target)
                record(target)
            }
        }
        let pages = manPages()
        for page in pages {
            let target = layout.manPages + "/" + (page as NSString).lastPathComponent
            try copy(page, to: target, mode: 0o644)
            record(target)
        }
        if pages.isEmpty {
            say("man pages: none generated yet, so none installed (run 'swift package generate-manual' in the checkout, then install again)")
        }
        if let commit = BuildCommit.find(executable: buildFolder + "/shoal") {
            try write(commit + "\n", to: layout.commitFile)
            record(layout.commitFile)
        }
        try write(written.joined(separator: "\n") + "\n", to: layout.manifest)
        return written
    }

    /// Removes every file the manifest lists, the manifest, and the folders left empty; returns how many
    /// files were removed.
    func uninstall() throws -> Int {
        guard let text = try? String(contentsOfFile: layout.manifest, encoding: .utf8) else {
            throw Failure(description: "nothing to uninstall: \(layout.manifest) does not exist (was Shoal installed with --prefix \(layout.prefix)?)")
        }
        var removed = 0
        var folders = Set<String>()
        for line in text.split(separator: "\n") {
            let relative = String(line)
            // Only files under the prefix: the manifest is not trusted to name anything else.
            guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else { continue }
            let path = layout.prefix + "/" + relative
            if (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
            folders.insert((path as NSString).deletingLastPathComponent)
        }
        try? FileManager.default.removeItem(atPath: layout.manifest)
        folders.insert((layout.manifest as NSString).deletingLastPathComponent)
        // Folders the install made and that are empty now go too, up to (not including) the prefix.
        for start in folders.sorted(by: { $0.count > $1.count }) {
            var folder = start
            while folder.hasPrefix(layout.prefix + "/"),
                  (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: folder)
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
        return removed
    }

    // MARK: Sources

    /// The checkout these executables were built in: `Package.swift` and `Themes/` a few folders up.
    var checkout: String? {
        var folder = URL(fileURLWithPath: buildFolder)
        for _ in 0..<5 {
            folder = folder.deletingLastPathComponent()
            let path = folder.path
            if FileManager.default.fileExists(atPath: path + "/Package.swift"), FileManager.default.fileExists(atPath: path + "/Themes") {
                return path
            }
            if path == "/" { break }
        }
        return nil
    }

    /// The checkout's `Themes`, else the themes of an installed copy being installed again elsewhere.
    private func themeFolder() throws -> String {
        if let checkout { return checkout + "/Themes" }
        let installed = URL(fileURLWithPath: buildFolder).deletingLastPathComponent().appendingPathComponent("share/shoal/themes").path
        guard FileManager.default.fileExists(atPath: installed) else {
            throw Failure(description: "no Themes folder found near \(buildFolder): run install from a build inside the Shoal checkout")
        }
        return installed
    }

    /// Man pages made by swift-argument-parser's generate-manual plugin in the checkout, if any.
    private func manPages() -> [String] {
        guard let checkout else { return [] }
        let outputs = checkout + "/.build/plugins/GenerateManual/outputs"
        return InstallLayout.programs.flatMap { program -> [String] in
            let folder = outputs + "/" + program
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".1") }.sorted().map { folder + "/" + $0 }
        }
    }

    // MARK: Writing

    /// Copies through a temporary name and renames, so a running installed program is replaced, not overwritten.
    private func copy(_ source: String, to target: String, mode: Int) throws {
        guard let data = FileManager.default.contents(atPath: source) else { throw Failure(description: "cannot read \(source)") }
        try write(data, to: target, mode: mode)
    }

    private func write(_ text: String, to target: String) throws {
        try write(Data(text.utf8), to: target, mode: 0o644)
    }

    private func write(_ data: Data, to target: String, mode: Int) throws {
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = folder + "/.\((target as NSString).lastPathComponent).installing"
            try data.write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
            guard rename(temporary, target) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
        } catch {
            throw Failure(description: "cannot write \(target): \(error)")
        }
    }

    /// Runs a program and returns its standard output; fails if it exits non-zero.
    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Installer {
    /// The installer for this running build and `prefix` (made absolute), printing to stdout.
    static func running(prefix: String) -> Installer {
        Installer(layout: InstallLayout(prefix: absolute(prefix)), buildFolder: runningBuildFolder, say: { print($0) })
    }

    /// The folder of the running `shoal` executable, symlinks resolved.
    static var runningBuildFolder: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().path
    }

    /// `path` made absolute against the current folder, without a trailing slash.
    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }
}
