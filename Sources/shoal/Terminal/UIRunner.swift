import Foundation
import Model
import PeerApp
import PeerSettings
import PeerEngine
import Synchronization
import TerminalUI

/// The full-screen UI: one thread (the main one) owns the terminal and runs the loop: wait for a key
/// (100 ms at most), take in what the engine and the queries sent, update, draw when something changed
/// (at most 30 frames a second). Effects run as tasks whose answers come back as messages.
final class UIRunner {
    private let link: any EngineLink
    private let themeFolders: [String]
    private let useColor: Bool
    private var state = AppState()
    private var quit = false
    private let inbox = Inbox()

    /// Messages from other threads, taken by the loop.
    final class Inbox: Sendable {
        private let messages = Mutex<[AppMessage]>([])
        func post(_ message: AppMessage) { messages.withLock { $0.append(message) } }
        func take() -> [AppMessage] { messages.withLock { taken in defer { taken = [] }; return taken } }
    }

    /// - Parameters:
    ///   - link: the engine: in this process, or a peer's control socket (`face` then says where).
    init(link: any EngineLink, face: AppState.Face, nickname: String?, theme: String, themeFolders: [String], useColor: Bool,
         demoGuide: Bool) {
        self.link = link
        self.themeFolders = themeFolders
        self.useColor = useColor
        state.themeName = theme
        state.nickname = nickname
        state.demoGuide = demoGuide
        state.face = face
    }

    /// Runs until the user quits, or until the engine stops or the link to the peer is lost (then it
    /// returns true); the terminal is restored on every way out.
    @discardableResult
    func run(theme: Theme) throws -> Bool {
        let terminal = try NcursesTerminal(theme: useColor ? theme : theme.withoutColor, useColor: useColor)
        defer { terminal.end() }
        let events = link.subscribe()
        let inbox = self.inbox
        // Ends when the engine stops or the link to the peer is lost; the loop then ends too.
        let lost = Mutex(false)
        let relay = Task.detached {
            for await event in events { inbox.post(.engine(event)) }
            lost.withLock { $0 = true }
        }
        defer { relay.cancel() }
        let (width, height) = terminal.size
        process(.resize(width: width, height: height), terminal: terminal)
        var dirty = true
        var lastFrame = ContinuousClock.now
        while !quit, !terminationRequested.load(ordering: .relaxed), !lost.withLock({ $0 }) {
            if let input = terminal.read() {
                switch input {
                case .key(let key): process(.key(key), terminal: terminal)
                case .resize(let width, let height): process(.resize(width: width, height: height), terminal: terminal)
                }
                dirty = true
            }
            for message in inbox.take() {
                process(message, terminal: terminal)
                dirty = true
            }
            if dirty, ContinuousClock.now - lastFrame >= .milliseconds(33), !quit {
                terminal.draw(ScreenView.render(&state))
                lastFrame = ContinuousClock.now
                dirty = false
            }
        }
        return !quit && lost.withLock { $0 }
    }

    private func process(_ message: AppMessage, terminal: NcursesTerminal) {
        for effect in state.update(message) { perform(effect, terminal: terminal) }
    }

    private func perform(_ effect: AppEffect, terminal: NcursesTerminal) {
        let link = self.link, inbox = self.inbox
        switch effect {
        case .quit:
            quit = true
        case .nextTheme:
            let names = ThemeFile.available(in: themeFolders)
            let next = names[((names.firstIndex(of: state.themeName) ?? -1) + 1) % names.count]
            do {
                let theme = try ThemeFile.load(name: next, from: themeFolders)
                terminal.apply(useColor ? theme : theme.withoutColor)
                process(.themeApplied(next), terminal: terminal)
            } catch {
                process(.failed("\(error)"), terminal: terminal)
            }
        case .engine(let command):
            Task.detached { await link.perform(command) }
        case .search(let query, let id):
            let title = query.keywords.joined(separator: " ")
            Task.detached {
                let answer = await link.ask(.search(query))
                inbox.post(UIRunner.results(answer, id: id, title: title, append: false, failing: "search failed"))
            }
        case .listAll(let cursor, let append, let id):
            Task.detached {
                let answer = await link.ask(.listAll(cursor: cursor, limit: 500))
                inbox.post(UIRunner.results(answer, id: id, title: "all files", append: append, failing: "listing failed"))
            }
        case .lookup(let hit, let thenBrowse):
            Task.detached {
                let answer = await link.ask(.lookup(hit.key))
                inbox.post(UIRunner.sources(answer, hit: hit, thenBrowse: thenBrowse))
            }
        case .browse(let peer):
            Task.detached {
                let answer = await link.ask(.browse(peer))
                inbox.post(UIRunner.browsed(answer, peer: peer))
            }
        }
    }

    // Static, named with the type (not `Self`): a detached task that names `Self` trips Swift 6.3's
    // region-based isolation checker ("pattern that the checker does not understand").
    private static func results(_ answer: QueryAnswer, id: UInt64, title: String, append: Bool, failing: String) -> AppMessage {
        guard case .hits(let hits, _, let next) = answer else { return .failed("\(failing): \(failure(answer))") }
        return .searchResults(id: id, title: title, hits: hits, nextCursor: next, append: append)
    }

    private static func sources(_ answer: QueryAnswer, hit: SearchHit, thenBrowse: Bool) -> AppMessage {
        guard case .sources(let sources, _) = answer else { return .failed("lookup failed: \(failure(answer))") }
        return .sources(hit: hit, sources: sources, thenBrowse: thenBrowse)
    }

    private static func browsed(_ answer: QueryAnswer, peer: PeerID) -> AppMessage {
        guard case .entries(let entries) = answer else { return .failed("browse failed: \(failure(answer))") }
        guard let entries else { return .failed("\(peer) is no longer connected") }
        return .browsed(peer: peer, entries: entries)
    }

    /// The one line of a failed answer (or of an answer of the wrong kind, which a correct engine never sends).
    private static func failure(_ answer: QueryAnswer) -> String {
        if case .failed(let failure) = answer { return failure.message }
        return "unexpected answer"
    }
}
