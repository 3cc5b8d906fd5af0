import Model
import Testing
import TerminalUI
@testable import PeerApp

/// In the demo, the bottom line is a guide whose step follows what the user has done.
@Suite("Demo guide")
struct DemoGuideTests {
    func bottomLine(_ state: inout AppState) -> String {
        ScreenView.render(&state).lines.last ?? ""
    }

    @Test("search, then download, then watch, then done; a notice is followed by the step; outside the demo, plain hints")
    func steps() {
        var state = AppState()
        _ = state.update(.resize(width: 120, height: 30))
        state.demoGuide = true
        #expect(bottomLine(&state).hasPrefix("Demo 1/3 press / to search"))
        #expect(ScreenView.render(&state).lines[0].hasPrefix(" Shoal demo "))

        _ = state.update(.searchResults(id: state.searchID, title: "iso", hits: [
            SearchHit(key: .content(AppFixtures.hash(1)), size: 300_000_000, sources: 3, name: "debian-demo-13.iso"),
        ], nextCursor: nil, append: false))
        #expect(bottomLine(&state).hasPrefix("Demo 2/3 pick a file with ↑↓, then  Enter download it"))

        _ = state.update(.key(.enter))
        var snapshot = TransferSnapshot(id: 1, direction: .download, key: .content(AppFixtures.hash(1)), name: "debian-demo-13.iso",
                                        size: 300_000_000, bytesDone: 1_000_000, state: .downloading)
        _ = state.update(.engine(.transfer(snapshot)))
        #expect(bottomLine(&state).hasPrefix("downloading debian-demo-13.iso from every source   Demo 3/3"), "the notice, then the step")
        _ = state.update(.key(.character("j")))
        #expect(bottomLine(&state).contains("Demo 3/3 watch it arrive below"))

        snapshot.state = .completed
        snapshot.bytesDone = snapshot.size ?? 0
        _ = state.update(.engine(.transfer(snapshot)))
        #expect(bottomLine(&state).hasPrefix("Done! the verified file is in downloads/"))

        state.demoGuide = false
        #expect(bottomLine(&state).hasPrefix("? help  q quit"))
    }
}
