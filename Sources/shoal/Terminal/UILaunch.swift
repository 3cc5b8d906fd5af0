import Foundation
import Logging
import NIOConcurrencyHelpers
import PeerApp
import PeerSettings
import PeerControl
import PeerEngine
import TerminalUI

/// Starts the full-screen UI and tears everything down on every way out: what `shoal ui` and `shoal demo`
/// share. Where a peer already runs on the state folder (`shoal serve`, another window), the UI attaches to
/// it through its control socket; otherwise it runs a peer of its own, which other windows and commands can
/// attach to. Runs on the main thread, which the UI loop may block; the engine lives on its own threads
/// and tasks.
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
    /// The config file's `[keys]`, `notify` and `mouse`.
    let interface: UIRunner.Interface

    /// Loads the theme; a missing or broken one ends the program with its file and line (exit 64).
    init(themeName: String, config: UserConfig) {
        self.themeName = themeName
        interface = UIRunner.Interface(keys: config.keys ?? .standard, notify: config.notify ?? .bell, mouse: config.mouse ?? true)
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
        // Before stderr goes to the log: a peer that refuses this window says why on the terminal.
        let running = demoGuide ? nil : try? Self.wait { await RunningPeer.attach(state: configuration.state, client: "shoal ui") }
        let logPath = (configuration.state as NSString).appendingPathComponent("shoal.log")
        let restoreStandardError = TerminalGuard.redirectStandardError(to: logPath)
        let logger = LogSetup.bootstrap(logLevel)
        TerminalGuard.install(logPath: logPath)
        let socket = ControlSocket.path(inState: configuration.state)
        if let peer = running ?? nil {
            return attach(to: peer, configuration: configuration, logPath: logPath, restoreStandardError: restoreStandardError)
        }
        var failure: (any Error)?
        var engine: ShoalEngine?
        var controlTask: Task<Void, Never>?
        do {
            let prepared = try Self.wait { try await prepare(configuration, logger) }
            let started = try ShoalEngine(configuration: prepared, logger: logger)
            engine = started
            try Self.wait { try await started.start(scanFirst: false) }
            // Other windows and commands may attach to this peer while it runs.
            let control = ControlServer(link: started, path: socket, peerName: prepared.nickname ?? prepared.state, logger: logger)
            controlTask = Task.detached { try? await control.run() }
            // In the demo, the guide starts from the beginning: finished rows of earlier demos go.
            if demoGuide { try Self.wait { await started.perform(.clearFinished) } }
            // Ctrl-C or SIGTERM while preparing: straight to the clean-up, no UI.
            guard !terminationRequested.load(ordering: .relaxed) else { throw CLIFailure(message: "interrupted", code: 130) }
            let runner = UIRunner(link: started, face: .peer, nickname: prepared.nickname, themeName: themeName,
                                  themeFolders: Self.themeFolders, useColor: useColor, demoGuide: demoGuide,
                                  interface: interface, stateFolder: prepared.state)
            _ = try runner.run(theme: theme)
        } catch {
            failure = error
        }
        let stopping = engine, control = controlTask
        _ = try? Self.wait {
            control?.cancel()
            await control?.value
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

    /// The UI over a peer that runs elsewhere: quitting leaves it running; if it stops or goes away, the UI
    /// ends with a line saying so.
    private func attach(to peer: ControlClient, configuration: EngineConfiguration, logPath: String,
                        restoreStandardError: () -> Void) {
        let runner = UIRunner(link: peer, face: .attached(folder: configuration.state), nickname: peer.peerName.isEmpty ? nil : peer.peerName,
                              themeName: themeName, themeFolders: Self.themeFolders, useColor: useColor, demoGuide: false,
                              interface: interface, stateFolder: configuration.state)
        let outcome = Result { try runner.run(theme: theme) }
        _ = try? Self.wait { await peer.close() }
        restoreStandardError()
        switch outcome {
        case .success(false): return
        case .success(true):
            CLIFailure(message: "the peer on \(configuration.state) went away (\(peer.endReason ?? "connection closed"))", code: 1).exit()
        case .failure(let error):
            let cause = CLIFailure.from(error)
            CLIFailure(message: "\(cause.message) (the log is \(logPath))", code: cause.code).exit()
        }
    }

    /// Runs async work from this synchronous (main-thread) code and waits for it.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = NIOLockedValueBox<Result<T, any Error>?>(nil)
        Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLockedValue { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLockedValue { $0 }!.get()
    }
}
