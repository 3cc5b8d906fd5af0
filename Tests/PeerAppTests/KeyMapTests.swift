import Foundation
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Keys: the standard map, rebinding, spelling")
struct KeyMapTests {
    @Test("the standard keys clash nowhere, and each action is found on its keys where it applies")
    func standard() throws {
        _ = try KeyMap.standard.rebinding(KeyAction.allCases.map { ($0, $0.standardKeys) })
        let map = KeyMap.standard
        #expect(map.action(for: .enter, in: .search) == .download)
        #expect(map.action(for: .enter, in: .transfers) == .details)
        #expect(map.action(for: .enter, in: .shared) == nil)
        #expect(map.action(for: .character("p"), in: .transfers) == .pause)
        #expect(map.action(for: .character("p"), in: .search) == nil)
        #expect(map.action(for: .character("f"), in: .shared) == .filter)
        #expect(map.listAction(for: .character("j")) == .down)
    }

    @Test("a rebound action answers to its new keys only; another pane's action may share a key")
    func rebind() throws {
        let map = try KeyMap.standard.rebinding([(.download, [.character("D")]), (.rescan, [.character("s")])])
        #expect(map.action(for: .character("D"), in: .search) == .download)
        #expect(map.action(for: .enter, in: .search) == nil)
        #expect(map.action(for: .character("s"), in: .shared) == .rescan)
        #expect(map.action(for: .character("s"), in: .search) == .sources)
        #expect(map.label(for: .download) == "D")
    }

    @Test("a key two actions would share, or a reserved key, is refused naming the action")
    func refused() {
        #expect(throws: KeyMap.Problem.self) { try KeyMap.standard.rebinding([(.download, [.character("s")])]) }
        do {
            _ = try KeyMap.standard.rebinding([(.filter, [.character("q")])])
            Issue.record("q is quit's key")
        } catch {
            #expect(error.action == .filter)
            #expect(error.description == "filter: q is already the key of quit; give quit another key too")
        }
        #expect(throws: KeyMap.Problem.self) { try KeyMap.standard.rebinding([(.help, [.escape])]) }
        #expect(throws: KeyMap.Problem.self) { try KeyMap.standard.rebinding([(.help, [.control("c")])]) }
    }

    @Test("keys are spelled as config.toml writes them and shown as the overlay shows them")
    func spelling() {
        #expect(KeySpelling.key("D") == .character("D"))
        #expect(KeySpelling.key("enter") == .enter)
        #expect(KeySpelling.key("Shift-Tab") == .backTab)
        #expect(KeySpelling.key("Ctrl-P") == .control("p"))
        #expect(KeySpelling.key("Space") == .character(" "))
        #expect(KeySpelling.key("é") == .character("é"))
        for bad in ["", "Ctrl-", "Ctrl-1", "Ctrl-H", "ctrl-i", "Ctrl-J", "Ctrl-M", "Foo", "\u{7}", " ", "ab"] { #expect(KeySpelling.key(bad) == nil, "\(bad)") }
        #expect(KeySpelling.label(.control("p")) == "Ctrl-P")
        #expect(KeySpelling.label(.backTab) == "Shift-Tab")
        #expect(KeySpelling.label(.up) == "↑")
    }

    @Test("the ? overlay lists every action with its keys in force; README's key table names every action")
    func documented() throws {
        let map = try KeyMap.standard.rebinding([(.download, [.character("D")])])
        let lines = OverlayView.helpLines(map)
        for action in KeyAction.allCases { #expect(lines.contains { $0.contains(action.summary) }, "\(action)") }
        #expect(lines.contains { $0.hasPrefix("D ") && $0.contains(KeyAction.download.summary) })
        let readme = try String(contentsOfFile: #filePath.components(separatedBy: "/Tests/")[0] + "/README.md", encoding: .utf8)
        for action in KeyAction.allCases { #expect(readme.contains("`\(action.rawValue)`"), "README lacks \(action.rawValue)") }
    }
}
