import Model
@testable import PeerApp

import TerminalUI
import Testing
import TestSupport

/// Scripted sessions for the views of issue 17: a transfer's details, a peer's folder tree and a folder
/// download, search history, a folder download's row.
@Suite("UI sessions: details, folders, history")
struct UISessionViewsTests {
    static let hash = ContentHash(hex: String(repeating: "a1", count: 32))!
    static let entries = [
        SharedFileEntry(key: .content(ContentHash(hex: String(repeating: "b1", count: 32))!), size: 4_000, name: "music/jazz/Take Five.flac"),
        SharedFileEntry(key: .content(ContentHash(hex: String(repeating: "b2", count: 32))!), size: 3_000, name: "music/jazz/live/So What.flac"),
        SharedFileEntry(key: .content(ContentHash(hex: String(repeating: "b3", count: 32))!), size: 1_000, name: "notes.txt"),
    ]

    @Test("i on a download asks for its details and shows them; each new snapshot of it asks again; Esc closes")
    func details() async throws {
        let transfer = TransferSnapshot(id: 1, direction: .download, key: .content(Self.hash), name: "film.mkv", size: 3_000_000,
                                        bytesDone: 1_000_000, bytesPerSecond: 100_000, activeSources: 1, state: .downloading)
        let engine = FakeEngine { query in
            guard case .transferDetails(1) = query else { return .failed(QueryFailure(.failed, "not expected")) }
            return .details(TransferDetails(
                transfer: transfer, sources: [SourceDetail(peer: PeerID(5), nickname: "ana", address: "127.0.0.1:6001", reachable: true,
                                                           activity: .sending, bytesPerSecond: 100_000, bytes: 1_000_000, chunks: 1)],
                chunks: ChunkMap(runs: [.init(.verified, 1), .init(.inFlight, 1), .init(.missing, 1)]),
                verification: "each chunk is checked against the file's hash tree before it is written: 1 of 3 verified",
                destination: "downloads/film.mkv"))
        }
        let session = UISession(engine: engine)
        try await session.screen(containing: "Transfers")  // subscribed: events from now on are seen
        engine.emit(.transfer(transfer))
        try await session.screen(containing: "film.mkv")
        session.terminal.type(.character("3"), .character("i"))
        let screen = try await session.screen(containing: "Sources this run (1)")
        #expect(screen.contains("Will be saved as downloads/film.mkv") && screen.contains("█▒·") && screen.contains("ana"))
        var moved = transfer
        moved.bytesDone = 2_000_000
        engine.emit(.transfer(moved))
        try await engine.queries.waitFor(count: 2, "a second details query") { _ in true }
        session.terminal.type(.escape)
        try await session.screen("the details closed") { !$0.contains("Sources this run") }
        session.terminal.type(.control("c"))
        #expect(try await session.ending() == .quit)
    }

    @Test("b shows a peer's folder tree; → opens; d downloads the folder's files in order, named from the folder down; [ brings back the first search")
    func folders() async throws {
        let hit = SearchHit(key: Self.entries[0].key, size: 4_000, sources: 1, name: "music/jazz/Take Five.flac")
        let engine = FakeEngine { query in
            switch query {
            case .search(let search) where search.keywords == ["five"]: return .hits([hit], complete: true, nextCursor: nil)
            case .search: return .hits([], complete: true, nextCursor: nil)
            case .lookup: return .sources([FileSource(peer: PeerID(7), dialect: .shoal, host: "127.0.0.1", port: 6001, nickname: "bo",
                                                      name: hit.name)], size: 4_000)
            case .browse(PeerID(7)): return .entries(Self.entries)
            default: return .failed(QueryFailure(.failed, "not expected"))
            }
        }
        let session = UISession(engine: engine)
        session.terminal.type(.character("/"))
        session.terminal.type(text: "five")
        session.terminal.type(.enter)
        try await session.screen(containing: "music/jazz/Take Five.flac")
        session.terminal.type(.character("b"))
        try await session.screen(containing: "▸ music/")
        session.terminal.type(.right, .down, .character("d"))
        try await session.screen(containing: "downloading jazz/ (2 files) from p7")
        try await engine.commands.waitFor(count: 2, "both downloads sent") { _ in true }
        #expect(engine.commands.all == [
            .download(Self.entries[0].key, name: "jazz/Take Five.flac", size: 4_000, from: PeerID(7)),
            .download(Self.entries[1].key, name: "jazz/live/So What.flac", size: 3_000, from: PeerID(7)),
        ])
        // The folder download is one row.
        for (index, command) in engine.commands.all.enumerated() {
            guard case .download(let key, let name, let size, _) = command else { continue }
            engine.emit(.transfer(TransferSnapshot(id: Int64(index + 1), direction: .download, key: key, name: name, size: size, state: .queued)))
        }
        try await session.screen(containing: "▸ jazz/ (2 files)")
        // A second search, then [ shows the first one's results again.
        session.terminal.type(.character("/"), .control("u"))
        session.terminal.type(text: "nothing here")
        session.terminal.type(.enter)
        try await session.screen(containing: "nothing found for nothing here")
        session.terminal.type(.character("["))
        try await session.screen(containing: "[1 of 2]")
        try await session.screen(containing: "music/jazz/Take Five.flac")
        session.terminal.type(.control("c"))
        #expect(try await session.ending() == .quit)
    }
}
