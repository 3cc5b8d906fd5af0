import Model
import Testing
import TerminalUI
@testable import PeerApp

/// What the UI shows of reachability: this peer's on the status line, each source's in "Who has".
@Suite("Reachability on screen")
struct ReachabilityViewTests {
    @Test("behind NAT, the status line says uploads go only by connecting back; reachable, it says nothing more")
    func statusLine() {
        for reachable in [false, true, nil] as [Bool?] {
            var state = AppFixtures.busy(width: 120, height: 30)
            _ = state.update(.engine(.index(.connected(address: "127.0.0.1:7734", peer: PeerID(3), observedAddress: "198.51.100.7",
                                                        reachable: reachable))))
            let top = ScreenView.render(&state).lines[0]
            #expect(top.contains("127.0.0.1:7734 as p3"))
            #expect(top.contains("behind NAT: uploads only by connecting back") == (reachable == false), "\(String(describing: reachable))")
        }
    }

    @Test("the sources overlay has a Reach column: yes, NAT, or - when the index does not say")
    func sourcesColumn() {
        var state = AppFixtures.busy(width: 100, height: 30)
        let hit = state.results[0]
        let sources = [true, false, nil].enumerated().map { index, reachable in
            FileSource(peer: PeerID(UInt64(index + 1)), dialect: .shoal, host: "198.51.100.\(index + 1)", port: 6000,
                       nickname: nil, name: hit.name, reachable: reachable)
        }
        _ = state.update(.sources(hit: hit, sources: sources, thenBrowse: false))
        let lines = ScreenView.render(&state).lines
        #expect(lines.contains { $0.contains("Reach") })
        for (peer, label) in [("p1", "yes"), ("p2", "NAT"), ("p3", "-")] {
            let row = lines.first { $0.contains("\(peer) ") && $0.contains("198.51.100.") }
            #expect(row?.contains(" \(label) ") == true, "\(peer): \(row ?? "no row")")
        }
    }

    @Test("a result with sources behind NAT says how many in the Peers column, which widens for it")
    func resultsColumn() {
        var state = AppFixtures.busy(width: 100, height: 30)
        let hit = SearchHit(key: .content(AppFixtures.hash(9)), size: 1_000, sources: 12, name: "half hidden.mkv", reachableSources: 9)
        _ = state.update(.searchResults(id: state.searchID, title: "hidden", hits: [hit], nextCursor: nil, append: false))
        let row = ScreenView.render(&state).lines.first { $0.contains("half hidden.mkv") }
        #expect(row?.contains("12 (3 NAT)") == true, "\(row ?? "no row")")
    }
}
