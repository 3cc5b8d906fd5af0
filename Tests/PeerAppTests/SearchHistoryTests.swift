import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Search history and result marks")
struct SearchHistoryTests {
    static func hit(_ n: UInt8, _ name: String) -> SearchHit {
        SearchHit(key: .content(AppFixtures.hash(n)), size: 100, sources: 1, name: name)
    }

    private func answer(_ title: String, _ hits: [SearchHit], into state: inout AppState) {
        state.searchID += 1
        _ = state.update(.searchResults(id: state.searchID, title: title, hits: hits, nextCursor: nil, append: false))
    }

    @Test("[ and ] step through earlier searches with their results; the title says where; the ends say so")
    func steps() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        answer("jazz", [Self.hit(1, "jazz.flac")], into: &state)
        answer("film", [Self.hit(2, "film.mkv"), Self.hit(3, "film 2.mkv")], into: &state)
        state.focus = .transfers
        _ = state.update(.key(.character("[")))
        #expect(state.focus == .search && state.resultsTitle == "jazz" && state.results.map(\.name) == ["jazz.flac"])
        #expect(ScreenView.render(&state).lines.joined().contains("2 Search: jazz (1) [1 of 2]"))
        _ = state.update(.key(.character("[")))
        #expect(state.notice?.text == "this is the oldest search")
        _ = state.update(.key(.character("]")))
        #expect(state.resultsTitle == "film" && state.resultsTable.rows.count == 2)
        // The same search again moves to the end with its new results; older ones stay.
        answer("jazz", [Self.hit(1, "jazz.flac"), Self.hit(4, "jazz live.flac")], into: &state)
        #expect(state.history.entries.map(\.title) == ["film", "jazz"])
        _ = state.update(.key(.character("[")))
        #expect(state.resultsTitle == "film")
    }

    @Test("the history keeps the newest 50 searches")
    func bounded() {
        var state = AppState()
        for n in 0..<60 { answer("q\(n)", [], into: &state) }
        #expect(state.history.entries.count == SearchHistory.limit && state.history.entries.first?.title == "q10")
    }

    @Test("results mark files you have (✓: shared, downloaded, or in downloads/ from before) and files downloading or queued (↓)")
    func marks() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        _ = state.update(.engine(.sharedFiles([SharedFileEntry(key: .content(AppFixtures.hash(1)), size: 100, name: "mine.flac")])))
        _ = state.update(.engine(.transfer(TransferSnapshot(id: 1, direction: .download, key: .content(AppFixtures.hash(2)),
                                                            name: "coming.mkv", size: 100, state: .queued))))
        _ = state.update(.engine(.transfer(TransferSnapshot(id: 2, direction: .download, key: .content(AppFixtures.hash(3)),
                                                            name: "got.iso", size: 100, bytesDone: 100, state: .completed))))
        answer("all", [Self.hit(1, "mine.flac"), Self.hit(2, "coming.mkv"), Self.hit(3, "got.iso"), Self.hit(4, "new.txt")], into: &state)
        let lines = ScreenView.render(&state).lines
        #expect(lines.contains { $0.contains("✓ mine.flac") })
        #expect(lines.contains { $0.contains("↓ coming.mkv") })
        #expect(lines.contains { $0.contains("✓ got.iso") })
        #expect(lines.contains { $0.contains("  new.txt") })
        // Downloaded before (its row cleared since), and still in downloads/: the engine says so.
        _ = state.update(.engine(.downloadedFiles([.content(AppFixtures.hash(4))])))
        #expect(ScreenView.render(&state).lines.contains { $0.contains("✓ new.txt") })
        // A download that completes later adds its own mark; the others stay.
        answer("later", [Self.hit(4, "new.txt"), Self.hit(5, "fresh.txt")], into: &state)
        _ = state.update(.engine(.fileDownloaded(.content(AppFixtures.hash(5)))))
        let marked = ScreenView.render(&state).lines
        #expect(marked.contains { $0.contains("✓ new.txt") } && marked.contains { $0.contains("✓ fresh.txt") })
    }
}
