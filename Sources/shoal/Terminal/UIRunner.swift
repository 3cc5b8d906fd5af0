import Model
import NcursesTerminal
import PeerApp
import PeerSettings
import TerminalUI

/// The full-screen UI in the real terminal: ncurses on the main thread, PeerApp's runtime over the engine
/// link, themes from the theme folders. The terminal is restored on every way out.
struct UIRunner {
    let link: any EngineLink
    let face: AppState.Face
    let nickname: String?
    let themeName: String
    let themeFolders: [String]
    let useColor: Bool
    let demoGuide: Bool
    let interface: Interface
    /// Where `ui.json` (how the tables are sorted) is kept.
    let stateFolder: String

    /// What the config file says of the UI itself.
    struct Interface {
        var keys: KeyMap
        var notify: NotifyStyle
        var mouse: Bool
    }

    /// Runs until the user quits (false), or until the engine stops or the link to the peer is lost (true).
    func run(theme: Theme) throws -> Bool {
        let terminal = try NcursesTerminal(theme: useColor ? theme : theme.withoutColor, useColor: useColor)
        defer { terminal.end() }
        var state = AppState()
        state.themeName = themeName
        state.nickname = nickname
        state.demoGuide = demoGuide
        state.face = face
        state.keys = interface.keys
        state.notify = interface.notify
        state.mouse = interface.mouse
        let preferencesFile = UIPreferencesFile(folder: stateFolder)
        state.preferences = preferencesFile.load()
        let folders = themeFolders, useColor = self.useColor
        let runtime = AppRuntime(terminal: terminal, link: link, state: state, nextTheme: { current in
            let names = ThemeFile.available(in: folders)
            let next = names[((names.firstIndex(of: current) ?? -1) + 1) % names.count]
            let theme = try ThemeFile.load(name: next, from: folders)
            return (next, useColor ? theme : theme.withoutColor)
        }, shouldStop: { terminationRequested.load(ordering: .relaxed) }, savePreferences: preferencesFile.save)
        return runtime.run() == .linkLost
    }
}
