import Model
import Testing
@testable import PeerApp

@Suite("Update: keys and messages to state and effects")
struct UpdateTests {
    @Test("/ starts a search from any pane; Enter runs it with folded keywords; Esc leaves the input")
    func search() {
        var state = AppState()
        state.focus = .transfers
        _ = state.update(.key(.character("/")))
        #expect(state.focus == .search && state.editingSearch)
        state.type("Ubuntu Désk q")
        #expect(state.update(.key(.enter)) == [.search(SearchQuery(keywords: ["ubuntu", "desk", "q"], limit: 500), id: 1)])
        #expect(!state.editingSearch && state.searching)
        // A second search before the first is answered: the first one's late answer is not shown.
        _ = state.update(.key(.character("/")))
        state.type(" x")
        #expect(state.update(.key(.enter)).count == 1 && state.searchID == 2)
        _ = state.update(.searchResults(id: 1, title: "ubuntu desk q", hits: [SearchHit(key: .rfc(1), size: nil, sources: 1, name: "old")],
                                        nextCursor: nil, append: false))
        #expect(state.results.isEmpty && state.searching)
        _ = state.update(.searchResults(id: 2, title: "ubuntu desk q x", hits: [], nextCursor: nil, append: false))
        #expect(!state.searching)
        _ = state.update(.key(.character("/")))
        _ = state.update(.key(.escape))
        #expect(!state.editingSearch)
    }

    @Test("Enter on an empty search lists every file, page by page as the selection reaches the end")
    func listAll() {
        var state = AppState()
        _ = state.update(.key(.character("/")))
        #expect(state.update(.key(.enter)) == [.listAll(cursor: 0, append: false, id: 1)])
        let page = (0..<3).map { SearchHit(key: .rfc($0), size: nil, sources: 1, name: "f\($0)") }
        _ = state.update(.searchResults(id: 1, title: "all files", hits: page, nextCursor: 3, append: false))
        #expect(state.update(.key(.down)) == [])
        #expect(state.update(.key(.down)) == [.listAll(cursor: 3, append: true, id: 2)])
        _ = state.update(.searchResults(id: 2, title: "all files", hits: [SearchHit(key: .rfc(9), size: nil, sources: 1, name: "f9")],
                                        nextCursor: nil, append: true))
        #expect(state.results.count == 4 && state.resultsTable.list.selected == 2)
    }

    @Test("in Search: Enter downloads from every source, s asks who has it, b browses")
    func searchKeys() {
        var state = AppFixtures.busy(width: 80, height: 24)
        state.focus = .search
        let hit = state.results[0]
        #expect(state.update(.key(.enter)) == [.engine(.download(hit.key, name: hit.name, size: hit.size, from: nil))])
        #expect(state.update(.key(.character("s"))) == [.lookup(hit, thenBrowse: false)])
        #expect(state.update(.key(.character("b"))) == [.lookup(hit, thenBrowse: true)])
        _ = state.update(.key(.end))
        #expect(state.update(.key(.enter)) == [.engine(.download(.rfc(2616), name: "rfc2616.txt", size: nil, from: nil))],
                "classic items are saved as rfcN.txt")
    }

    @Test("the sources list: Enter downloads from the chosen peer only; b browses it; one source browses at once")
    func sources() {
        var state = AppFixtures.busy(width: 80, height: 24)
        let hit = state.results[0]
        let sources = [3, 4].map { FileSource(peer: PeerID($0), dialect: .shoal, host: "10.0.0.\($0)", port: 6000, nickname: nil,
                                                 name: hit.name) }
        _ = state.update(.sources(hit: hit, sources: sources, thenBrowse: false))
        _ = state.update(.key(.down))
        #expect(state.update(.key(.enter)) == [.engine(.download(hit.key, name: hit.name, size: hit.size, from: PeerID(4)))])
        #expect(state.overlay == nil)
        #expect(state.update(.sources(hit: hit, sources: [sources[0]], thenBrowse: true)) == [.browse(PeerID(3))])
        _ = state.update(.browsed(peer: PeerID(3), entries: [SharedFileEntry(key: .rfc(1), size: nil, name: "dir/rfc1.txt")]))
        #expect(state.update(.key(.enter)) == [.engine(.download(.rfc(1), name: "rfc1.txt", size: nil, from: PeerID(3)))])
        // A classic title is no file name: the RFC is saved as rfcN.txt, not as the part after a slash.
        _ = state.update(.browsed(peer: PeerID(3), entries: [SharedFileEntry(key: .rfc(123), size: nil, name: "TCP/IP Illustrated")]))
        #expect(state.update(.key(.enter)) == [.engine(.download(.rfc(123), name: "rfc123.txt", size: nil, from: PeerID(3)))])
    }

    @Test("in Transfers: p pauses and resumes, x cancels after y, c clears finished")
    func transfers() {
        var state = AppFixtures.busy(width: 80, height: 24)
        state.focus = .transfers
        #expect(state.update(.key(.character("p"))) == [.engine(.pause(1))])
        #expect(state.update(.key(.character("x"))) == [])
        #expect(state.update(.key(.character("n"))) == [] && state.overlay == nil)
        _ = state.update(.key(.character("x")))
        #expect(state.update(.key(.character("y"))) == [.engine(.cancel(1))])
        _ = state.update(.key(.down)); _ = state.update(.key(.down))
        #expect(state.update(.key(.character("p"))) == [.engine(.resume(3))], "a paused download resumes")
        #expect(state.update(.key(.character("c"))) == [.engine(.clearFinished)])
    }

    @Test("panes: Tab, Shift-Tab and 1 2 3; r rescans in Shared; t switches theme")
    func panes() {
        var state = AppState()
        _ = state.update(.key(.tab))
        #expect(state.focus == .transfers)
        _ = state.update(.key(.backTab)); _ = state.update(.key(.backTab))
        #expect(state.focus == .shared)
        #expect(state.update(.key(.character("r"))) == [.engine(.rescan)])
        _ = state.update(.key(.character("3")))
        #expect(state.focus == .transfers)
        #expect(state.update(.key(.character("t"))) == [.nextTheme])
    }

    @Test("q asks first while downloads run; Ctrl-C always quits")
    func quit() {
        var idle = AppState()
        #expect(idle.update(.key(.character("q"))) == [.quit])
        var busy = AppFixtures.busy(width: 80, height: 24)
        #expect(busy.update(.key(.character("q"))) == [])
        #expect(busy.update(.key(.character("y"))) == [.quit])
        #expect(busy.update(.key(.control("c"))) == [.quit])
    }

    @Test("engine events: transfers are updated in place and removed; problems become an error notice")
    func engineEvents() {
        var state = AppFixtures.busy(width: 80, height: 24)
        var snapshot = state.transfers[0]
        snapshot.bytesDone = 5_000_000_000
        _ = state.update(.engine(.transfer(snapshot)))
        #expect(state.transfers.count == 4 && state.transfers[0].bytesDone == 5_000_000_000)
        _ = state.update(.engine(.transferRemoved(2)))
        #expect(state.transfers.map(\.id) == [1, 3, -1])
        _ = state.update(.engine(.problem("disk full")))
        #expect(state.notice?.text == "disk full")
    }
}
