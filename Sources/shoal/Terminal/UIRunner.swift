import Foundation
import Model
import PeerApp
import PeerEngine
import Synchronization
import TerminalUI
import Wire

/// The full-screen UI: one thread (the main one) owns the terminal and runs the loop: wait for a key
/// (100 ms at most), take in what the engine and the queries sent, update, draw when something changed
/// (at most 30 frames a second). Effects run as tasks whose answers come back as messages.
final class UIRunner {
    private let engine: ShoalEngine
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

    init(engine: ShoalEngine, theme: String, themeFolders: [String], useColor: Bool, demoGuide: Bool) {
        self.engine = engine
        self.themeFolders = themeFolders
        self.useColor = useColor
        state.themeName = theme
        state.nickname = engine.configuration.nickname
        state.demoGuide = demoGuide
    }

    /// Runs until the user quits; the terminal is restored on every way out.
    func run(theme: Theme) throws {
        let terminal = try NcursesTerminal(theme: useColor ? theme : theme.withoutColor, useColor: useColor)
        defer { terminal.end() }
        let events = engine.events
        let inbox = self.inbox
        Task.detached { for await event in events { inbox.post(.engine(event)) } }
        let (width, height) = terminal.size
        process(.resize(width: width, height: height), terminal: terminal)
        var dirty = true
        var lastFrame = ContinuousClock.now
        while !quit, !terminationRequested.load(ordering: .relaxed) {
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
    }

    private func process(_ message: AppMessage, terminal: NcursesTerminal) {
        for effect in state.update(message) { perform(effect, terminal: terminal) }
    }

    private func perform(_ effect: AppEffect, terminal: NcursesTerminal) {
        let engine = self.engine, inbox = self.inbox
        switch effect {
        case .quit:
            quit = true
        case .nextTheme:
            let names = ThemeFile.available(in: themeFolders)
            let next = names[((names.firstIndex(of: state.themeName) ?? -1) + 1) % names.count]
            do {
                let theme = try ThemeFile.load(name: next, from: themeFolders)
                terminal.apply(useColor ? theme : theme.withoutColor)
                state.themeName = next
                state.notice = ("theme \(next)", .info)
            } catch {
                state.notice = ("\(error)", .error)
            }
        case .engine(let command):
            Task.detached { await engine.perform(command) }
        case .search(let query):
            let title = query.keywords.joined(separator: " ")
            Task.detached {
                do {
                    let (hits, _) = try await engine.index.search(query)
                    inbox.post(.searchResults(title: title, hits: hits, nextCursor: nil, append: false))
                } catch {
                    inbox.post(.failed("search failed: \(error)"))
                }
            }
        case .listAll(let cursor, let append):
            Task.detached {
                do {
                    let page = try await engine.index.listAll(Page(cursor: cursor, limit: 500))
                    inbox.post(.searchResults(title: "all files", hits: page.entries, nextCursor: page.nextCursor, append: append))
                } catch {
                    inbox.post(.failed("listing failed: \(error)"))
                }
            }
        case .lookup(let hit, let thenBrowse):
            Task.detached {
                do {
                    let (_, sources) = try await engine.index.lookup(hit.key)
                    inbox.post(.sources(hit: hit, sources: sources, thenBrowse: thenBrowse))
                } catch {
                    inbox.post(.failed("lookup failed: \(error)"))
                }
            }
        case .browse(let peer):
            Task.detached {
                do {
                    let index = try engine.index
                    guard let entries = try await index.allPages(limit: 10_000, { try await index.browse(peer, $0) }) else {
                        return inbox.post(.failed("\(peer) is no longer connected"))
                    }
                    inbox.post(.browsed(peer: peer, entries: entries))
                } catch {
                    inbox.post(.failed("browse failed: \(error)"))
                }
            }
        }
    }
}
