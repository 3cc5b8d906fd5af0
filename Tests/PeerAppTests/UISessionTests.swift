import Model
@testable import PeerApp

import TerminalUI
import Testing
import TestSupport

/// Scripted sessions: the real UI runtime, an in-memory terminal, a fake engine; keys in, screens out.
@Suite("UI sessions (runtime over an in-memory terminal)")
struct UISessionTests {
    static let hash = ContentHash(hex: String(repeating: "c4", count: 32))!
    static let hit = SearchHit(key: .content(hash), size: 4_200_000, sources: 3, name: "Night Train.flac")

    @Test("the engine's state shows; a search is asked with the typed words; Enter downloads the hit; q quits")
    func searchAndDownload() async throws {
        let engine = FakeEngine { query in
            if case .search = query { return .hits([Self.hit], complete: true, nextCursor: nil) }
            return .failed(QueryFailure(.failed, "not expected"))
        }
        let session = UISession(engine: engine)
        try await session.screen(containing: "Transfers")
        engine.emit(.index(.connected(address: "127.0.0.1:7734", peer: PeerID(4), observedAddress: "127.0.0.1")))
        try await session.screen(containing: "127.0.0.1:7734 as p4")
        session.terminal.type(.character("/"))
        session.terminal.type(text: "night tr")
        session.terminal.type(.enter)
        try await session.screen(containing: "Night Train.flac")
        #expect(engine.queries.all == [.search(SearchQuery(keywords: ["night", "tr"], limit: 500))])
        session.terminal.type(.enter)
        try await session.screen(containing: "downloading Night Train.flac")
        engine.emit(.transfer(TransferSnapshot(id: 1, direction: .download, key: Self.hit.key, name: Self.hit.name, size: Self.hit.size,
                                               bytesDone: 2_100_000, state: .downloading)))
        try await session.screen(containing: "50%")
        session.terminal.type(.character("q"))
        try await session.screen(containing: "Quit? 1 download is running")
        session.terminal.type(.character("y"))
        #expect(try await session.ending() == .quit)
        #expect(engine.commands.all == [.download(Self.hit.key, name: Self.hit.name, size: Self.hit.size, from: nil)])
    }

    @Test("an older search answered after a newer one does not replace its results")
    func lateAnswer() async throws {
        let (gate, open) = AsyncStream.makeStream(of: Void.self)
        let engine = FakeEngine { query in
            guard case .search(let search) = query else { return .failed(QueryFailure(.failed, "")) }
            if search.keywords == ["slow"] {
                for await _ in gate { break }  // answered only once the test says so
                return .hits([SearchHit(key: .rfc(1), size: nil, sources: 1, name: "stale answer")], complete: true, nextCursor: nil)
            }
            return .hits([SearchHit(key: .rfc(2), size: nil, sources: 1, name: "fresh answer")], complete: true, nextCursor: nil)
        }
        let session = UISession(engine: engine)
        session.terminal.type(.character("/"))
        session.terminal.type(text: "slow")
        session.terminal.type(.enter, .character("/"), .control("u"))
        session.terminal.type(text: "fast")
        session.terminal.type(.enter)
        try await session.screen(containing: "fresh answer")
        open.yield()
        // The stale answer arrives; a later frame (after a key) still shows the fresh results only.
        try await engine.queries.waitFor(count: 2, "both searches asked") { _ in true }
        session.terminal.type(.character("?"))
        let screen = try await session.screen(containing: "this list of keys")
        #expect(!screen.contains("stale answer"))
        session.terminal.type(.escape, .control("c"))
        #expect(try await session.ending() == .quit)
    }

    @Test("attached to a peer: q leaves at once; Q asks, then stops the peer and leaves")
    func attachedKeys() async throws {
        var state = AppState()
        state.face = .attached(folder: ".shoal")
        let engine = FakeEngine()
        let detaching = UISession(engine: engine, state: state)
        try await detaching.screen(containing: "attached to the peer on .shoal")
        engine.emit(.transfer(TransferSnapshot(id: 3, direction: .download, key: .rfc(7), name: "rfc7.txt", size: 9, state: .downloading)))
        try await detaching.screen(containing: "rfc7.txt")
        detaching.terminal.type(.character("q"))
        #expect(try await detaching.ending() == .quit, "no question: the peer's downloads go on")

        let stopping = UISession(engine: engine, state: state)
        try await stopping.screen(containing: "Q stop peer")
        stopping.terminal.type(.character("Q"))
        try await stopping.screen(containing: "Stop the peer too?")
        stopping.terminal.type(.character("y"))
        #expect(try await stopping.ending() == .quit)
        try await engine.commands.waitFor("the stop command") { $0 == .stopPeer }
    }

    @Test("when the engine goes away, the UI shows what it last said, then ends")
    func linkLost() async throws {
        let engine = FakeEngine()
        let session = UISession(engine: engine)
        try await session.screen(containing: "Transfers")
        engine.emit(.problem("disk full"))
        engine.finish()
        #expect(try await session.ending() == .linkLost)
        #expect(session.terminal.frames.last?.contains("disk full") == true)
    }

    @Test("t switches the theme through the runtime and says so; a resize lays the panes out again")
    func themeAndResize() async throws {
        let session = UISession(engine: FakeEngine(), width: 100, height: 30)
        try await session.screen(containing: "Transfers")
        session.terminal.type(.character("t"))
        try await session.screen(containing: "theme light")
        #expect(session.themes.all == ["light"] && session.terminal.themes.count == 1)
        session.terminal.resize(width: 50, height: 14)
        let small = try await session.screen("a 14-row screen") { $0.split(separator: "\n", omittingEmptySubsequences: false).count == 14 }
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 50 })
        session.terminal.type(.control("c"))
        #expect(try await session.ending() == .quit)
    }
}
