import Model
@testable import PeerApp

import TerminalUI
import Testing
import TestSupport

/// Scripted sessions for what config.toml changes: a remapped key, the filter, notifications, the mouse.
@Suite("UI sessions: keys, filter, notifications")
struct UISessionKeysTests {
    static let hits = ["Night Train.flac", "Morning Café.flac", "Night Owl.mkv"].enumerated().map { index, name in
        SearchHit(key: .content(ContentHash(bytes: [UInt8](repeating: UInt8(index + 1), count: 32))!), size: 1_000, sources: 1, name: name)
    }

    @Test("download bound to D: D downloads the filtered selection, Enter no longer does; ? shows D; a finished download rings")
    func remappedKey() async throws {
        let engine = FakeEngine { query in
            if case .search = query { return .hits(Self.hits, complete: true, nextCursor: nil) }
            return .failed(QueryFailure(.failed, "not expected"))
        }
        var state = AppState()
        state.keys = try KeyMap.standard.rebinding([(.download, [.character("D")])])
        state.notify = .desktop
        let session = UISession(engine: engine, state: state)
        session.terminal.type(.character("/"))
        session.terminal.type(text: "flac mkv")
        session.terminal.type(.enter)
        try await session.screen(containing: "Night Owl.mkv")
        session.terminal.type(.character("f"))
        session.terminal.type(text: "cafe")
        try await session.screen(containing: "(1 of 3)")
        session.terminal.type(.enter, .enter)  // keep the filter; Enter is no longer download
        session.terminal.type(.character("?"))
        let help = try await session.screen(containing: "this list of keys")
        #expect(help.contains("D          Search: download"))
        session.terminal.type(.escape, .character("D"))
        try await session.screen(containing: "downloading Morning Café.flac")
        #expect(engine.commands.all == [.download(Self.hits[1].key, name: "Morning Café.flac", size: 1_000, from: nil)])
        engine.emit(.transfer(TransferSnapshot(id: 1, direction: .download, key: Self.hits[1].key, name: Self.hits[1].name, size: 1_000,
                                               bytesDone: 10, state: .downloading)))
        engine.emit(.transfer(TransferSnapshot(id: 1, direction: .download, key: Self.hits[1].key, name: Self.hits[1].name, size: 1_000,
                                               bytesDone: 1_000, state: .completed)))
        let notified = session.terminal.notifications(within: TestDeadline.eventSeconds) { !$0.isEmpty }
        #expect(notified == [.desktop(title: "Shoal: downloaded", body: "Morning Café.flac")])
        session.terminal.type(.control("c"))
        #expect(try await session.ending() == .quit)
    }

    @Test("the runtime turns mouse reporting on while it runs (mouse = true), and a click selects a row")
    func mouse() async throws {
        let engine = FakeEngine { query in
            if case .search = query { return .hits(Self.hits, complete: true, nextCursor: nil) }
            return .failed(QueryFailure(.failed, "not expected"))
        }
        let session = UISession(engine: engine)
        session.terminal.type(.character("/"))
        session.terminal.type(text: "night")
        session.terminal.type(.enter)
        let screen = try await session.screen(containing: "Night Owl.mkv")
        #expect(session.terminal.reportsMouse)
        // Double click on the row that shows "Night Owl.mkv": it is downloaded.
        let lines = screen.components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains("Night Owl.mkv") })
        let column = try #require(lines[row].range(of: "Night Owl.mkv")).lowerBound.utf16Offset(in: lines[row])
        session.terminal.mouse(MouseEvent(.doubleClick, x: column, y: row))
        try await session.screen(containing: "downloading Night Owl.mkv")
        session.terminal.type(.control("c"))
        #expect(try await session.ending() == .quit)
    }
}
