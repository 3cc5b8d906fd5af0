import Model
import NIOConcurrencyHelpers
import TerminalUI

/// The UI's loop, over any ``Terminal`` and any ``EngineLink``: wait for a key (100 ms at most), take in
/// what the engine and the queries sent, update, draw when something changed (at most 30 frames a second),
/// and perform the effects, whose answers come back as messages. Runs on the thread that owns the terminal;
/// the engine's work runs on tasks.
public final class AppRuntime {
    /// How the loop ended.
    public enum Ending: Sendable, Equatable {
        /// The user quit (or detached).
        case quit
        /// The engine stopped, or the link to the peer was lost.
        case linkLost
        /// `shouldStop` said so (a signal).
        case stopped
    }

    /// Messages from other threads, taken by the loop.
    final class Inbox: Sendable {
        private let messages = NIOLockedValueBox<[AppMessage]>([])
        func post(_ message: AppMessage) { messages.withLockedValue { $0.append(message) } }
        func take() -> [AppMessage] { messages.withLockedValue { taken in defer { taken = [] }; return taken } }
        var isEmpty: Bool { messages.withLockedValue { $0.isEmpty } }
    }

    private let terminal: any Terminal
    private let link: any EngineLink
    private let nextTheme: (String) throws -> (name: String, theme: Theme)
    private let shouldStop: () -> Bool
    private let savePreferences: (UIPreferences) -> Void
    private let inbox = Inbox()
    public private(set) var state: AppState
    private var quit = false
    /// The engine command sent last: the next one waits for it.
    private var lastCommand: Task<Void, Never>?

    /// - Parameters:
    ///   - nextTheme: loads the theme after the one named (`t`); a failure is shown in the status bar.
    ///   - shouldStop: checked every turn of the loop (Ctrl-C or SIGTERM arrived).
    ///   - savePreferences: remembers how the tables are sorted (in the state folder), when that changes.
    public init(terminal: any Terminal, link: any EngineLink, state: AppState,
                nextTheme: @escaping (String) throws -> (name: String, theme: Theme),
                shouldStop: @escaping () -> Bool = { false }, savePreferences: @escaping (UIPreferences) -> Void = { _ in }) {
        self.terminal = terminal
        self.link = link
        self.state = state
        self.nextTheme = nextTheme
        self.shouldStop = shouldStop
        self.savePreferences = savePreferences
    }

    /// Runs until the user quits, the engine goes away, or `shouldStop` says so.
    public func run() -> Ending {
        let events = link.subscribe()
        let inbox = self.inbox
        let lost = NIOLockedValueBox(false)
        let relay = Task.detached {
            for await event in events { inbox.post(.engine(event)) }
            lost.withLockedValue { $0 = true }
        }
        defer { relay.cancel() }
        let (width, height) = terminal.size
        terminal.reportMouse(state.mouse)
        defer { if state.mouse { terminal.reportMouse(false) } }
        process(.resize(width: width, height: height))
        var dirty = true
        var lastFrame = ContinuousClock.now
        while true {
            if quit { return .quit }
            if shouldStop() { return .stopped }
            if let input = terminal.read() {
                switch input {
                case .key(let key): process(.key(key))
                case .resize(let width, let height): process(.resize(width: width, height: height))
                case .mouse(let event): process(.mouse(event))
                }
                dirty = true
            }
            for message in inbox.take() {
                process(message)
                dirty = true
            }
            if dirty, ContinuousClock.now - lastFrame >= .milliseconds(33), !quit {
                terminal.draw(ScreenView.render(&state))
                lastFrame = ContinuousClock.now
                dirty = false
            }
            // Whatever the engine said before it went is shown first.
            if lost.withLockedValue({ $0 }), inbox.isEmpty { return .linkLost }
        }
    }

    private func process(_ message: AppMessage) {
        for effect in state.update(message) { perform(effect) }
    }

    private func perform(_ effect: AppEffect) {
        let link = self.link, inbox = self.inbox
        switch effect {
        case .quit:
            quit = true
        case .nextTheme:
            do {
                let (name, theme) = try nextTheme(state.themeName)
                terminal.apply(theme)
                process(.themeApplied(name))
            } catch {
                process(.failed("\(error)"))
            }
        case .notify(let notification):
            terminal.notify(notification)
        case .savePreferences(let preferences):
            savePreferences(preferences)
        case .engine(let command):
            // In the order given: a folder download's files are queued in the folder's order.
            let previous = lastCommand
            lastCommand = Task.detached {
                await previous?.value
                await link.perform(command)
            }
        case .search(let query, let id):
            let title = query.keywords.joined(separator: " ")
            Task.detached {
                let answer = await link.ask(.search(query))
                inbox.post(AppRuntime.results(answer, id: id, title: title, append: false, failing: "search failed"))
            }
        case .listAll(let cursor, let append, let id):
            Task.detached {
                let answer = await link.ask(.listAll(cursor: cursor, limit: 500))
                inbox.post(AppRuntime.results(answer, id: id, title: "all files", append: append, failing: "listing failed"))
            }
        case .lookup(let hit, let thenBrowse):
            Task.detached {
                let answer = await link.ask(.lookup(hit.key))
                inbox.post(AppRuntime.sources(answer, hit: hit, thenBrowse: thenBrowse))
            }
        case .transferDetails(let id):
            Task.detached {
                let answer = await link.ask(.transferDetails(id))
                inbox.post(AppRuntime.details(answer, id: id))
            }
        case .browse(let peer):
            Task.detached {
                let answer = await link.ask(.browse(peer))
                inbox.post(AppRuntime.browsed(answer, peer: peer))
            }
        }
    }

    // Static, named with the type (not `Self`): a detached task that names `Self` trips Swift 6.3's
    // region-based isolation checker ("pattern that the checker does not understand").
    static func results(_ answer: QueryAnswer, id: UInt64, title: String, append: Bool, failing: String) -> AppMessage {
        guard case .hits(let hits, _, let next) = answer else { return .failed("\(failing): \(answer.failure.message)") }
        return .searchResults(id: id, title: title, hits: hits, nextCursor: next, append: append)
    }

    static func sources(_ answer: QueryAnswer, hit: SearchHit, thenBrowse: Bool) -> AppMessage {
        guard case .sources(let sources, _) = answer else { return .failed("lookup failed: \(answer.failure.message)") }
        return .sources(hit: hit, sources: sources, thenBrowse: thenBrowse)
    }

    static func details(_ answer: QueryAnswer, id: Int64) -> AppMessage {
        guard case .details(let details) = answer else { return .failed("details failed: \(answer.failure.message)") }
        return .details(id: id, details)
    }

    static func browsed(_ answer: QueryAnswer, peer: PeerID) -> AppMessage {
        guard case .entries(let entries) = answer else { return .failed("browse failed: \(answer.failure.message)") }
        guard let entries else { return .failed("\(peer) is no longer connected") }
        return .browsed(peer: peer, entries: entries)
    }
}
