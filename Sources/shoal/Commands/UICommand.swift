import Synchronization
import ArgumentParser
import Foundation
import Logging
import PeerApp
import PeerEngine
import TerminalUI

/// `shoal` (or `shoal ui`): the full-screen terminal UI over a running peer.
struct UICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "The full-screen terminal UI (what bare 'shoal' runs). Press ? inside for the keys.",
        discussion: """
            Themes are TOML files in ./Themes or ~/.config/shoal/themes (default, light, monochrome, 256); \
            t switches at once. NO_COLOR turns colour off. While the UI runs, logs go to <state>/shoal.log.
            """
    )

    @OptionGroup var index: IndexOptions
    @OptionGroup var peer: PeerOptions
    @Option(help: "Theme name (a file NAME.toml in a theme folder).") var theme = "default"

    /// Where theme files are looked for, first match wins.
    static var themeFolders: [String] {
        let home = ProcessInfo.processInfo.environment["XDG_CONFIG_HOME"]
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".config")
        return ["Themes", (home as NSString).appendingPathComponent("shoal/themes")]
    }

    /// Runs on the main thread (a synchronous command), which the UI loop may block: the engine lives on
    /// its own threads and tasks.
    func run() throws {
        let folders = Self.themeFolders
        let chosen: Theme
        do {
            chosen = try ThemeFile.load(name: theme, from: folders)
        } catch {
            CLIFailure(message: "\(error)", code: 64).exit()
        }
        let useColor = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        try FileManager.default.createDirectory(atPath: peer.state, withIntermediateDirectories: true)
        let restoreStandardError = TerminalGuard.redirectStandardError(to: (peer.state as NSString).appendingPathComponent("shoal.log"))
        defer { restoreStandardError() }
        let logger = LogSetup.bootstrap(index.logLevel ?? "info")
        let engine: ShoalEngine
        do {
            engine = try ShoalEngine(configuration: peer.configuration(index: index), logger: logger)
            try Self.wait { try await engine.start(scanFirst: false) }
        } catch {
            restoreStandardError()
            CLIFailure.from(error).exit()
        }
        TerminalGuard.install()
        let runner = UIRunner(engine: engine, theme: theme, themeFolders: folders, useColor: useColor)
        var failure: (any Error)?
        do { try runner.run(theme: chosen) } catch { failure = error }
        try? Self.wait { await engine.stop() }
        if let failure {
            restoreStandardError()
            CLIFailure.from(failure).exit()
        }
    }

    /// Runs async work from this synchronous (main-thread) command and waits for it.
    static func wait(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<(any Error)?>(nil)
        Task.detached {
            do { try await work() } catch { outcome.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}
