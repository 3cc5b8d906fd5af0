import Foundation
import Synchronization
import Logging
import PeerApp
import PeerEngine
import TerminalUI

/// Starts the full-screen UI over a peer of its own and tears everything down on every way out: what
/// `shoal ui` and `shoal demo` share. Runs on the main thread, which the UI loop may block; the engine
/// lives on its own threads and tasks.
struct UILaunch {
    /// Where theme files are looked for, first match wins.
    static var themeFolders: [String] {
        ["Themes", (UserConfig.directory() as NSString).appendingPathComponent("themes"), installedThemes]
    }

    /// Themes of an installed copy (`shoal install`): `PREFIX/share/shoal/themes` beside `PREFIX/bin/shoal`.
    static var installedThemes: String {
        URL(fileURLWithPath: Installer.runningBuildFolder).deletingLastPathComponent().appendingPathComponent("share/shoal/themes").path
    }

    /// The names of every theme the UI can find, for `--theme` completions.
    static var themeNames: [String] { ThemeFile.available(in: themeFolders) }

    let themeName: String
    let theme: Theme
    let useColor = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty

    /// Loads the theme; a missing or broken one ends the program with its file and line (exit 64).
    init(themeName: String) {
        self.themeName = themeName
        do {
            theme = try ThemeFile.load(name: themeName, from: Self.themeFolders)
        } catch {
            CLIFailure(message: "\(error)", code: 64).exit()
        }
    }

    /// Logs go to `<state>/shoal.log`; `prepare` (given the logger) may adjust the engine's configuration
    /// before it starts, and `finish` runs after the engine has stopped, whatever happened.
    func run(configuration: EngineConfiguration, logLevel: String, demoGuide: Bool = false,
             prepare: @escaping @Sendable (EngineConfiguration, Logger) async throws -> EngineConfiguration = { configuration, _ in configuration },
             finish: @escaping @Sendable () async -> Void = {}) {
        do {
            try FileManager.default.createDirectory(atPath: configuration.state, withIntermediateDirectories: true)
        } catch {
            CLIFailure(message: "cannot create the state folder \(configuration.state): \(error.localizedDescription)", code: 5).exit()
        }
        let logPath = (configuration.state as NSString).appendingPathComponent("shoal.log")
        let restoreStandardError = TerminalGuard.redirectStandardError(to: logPath)
        let logger = LogSetup.bootstrap(logLevel)
        TerminalGuard.install(logPath: logPath)
        var failure: (any Error)?
        var engine: ShoalEngine?
        do {
            let prepared = try Self.wait { try await prepare(configuration, logger) }
            let started = try ShoalEngine(configuration: prepared, logger: logger)
            engine = started
            try Self.wait { try await started.start(scanFirst: false) }
            // In the demo, the guide starts from the beginning: finished rows of earlier demos go.
            if demoGuide { try Self.wait { await started.perform(.clearFinished) } }
            // Ctrl-C or SIGTERM while preparing: straight to the clean-up, no UI.
            guard !terminationRequested.load(ordering: .relaxed) else { throw CLIFailure(message: "interrupted", code: 130) }
            let runner = UIRunner(engine: started, theme: themeName, themeFolders: Self.themeFolders, useColor: useColor, demoGuide: demoGuide)
            try runner.run(theme: theme)
        } catch {
            failure = error
        }
        let stopping = engine
        _ = try? Self.wait {
            await stopping?.stop()
            await finish()
        }
        restoreStandardError()
        if let failure {
            if terminationRequested.load(ordering: .relaxed) { CLIFailure(message: "interrupted", code: 130).exit() }
            let cause = CLIFailure.from(failure)
            CLIFailure(message: "\(cause.message) (the log is \(logPath))", code: cause.code).exit()
        }
    }

    /// Runs async work from this synchronous (main-thread) code and waits for it.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0 }!.get()
    }
}
