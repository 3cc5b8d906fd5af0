import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Tables: filter as you type, sort, remembered")
struct TableTests {
    @Test("f narrows the focused list as you type, case and accents ignored; n of m shows; Esc clears")
    func filter() {
        var state = AppFixtures.busy(width: 80, height: 24)
        state.focus = .shared
        _ = state.update(.key(.character("f")))
        state.type("CAFE")
        #expect(state.sharedTable.rows == [0] && state.sharedTable.countLabel == "1 of 3")
        var screen = state.screenText()
        #expect(screen.contains("1 Shared (1 of 3)") && screen.contains("filter CAFE"))
        #expect(!screen.contains("rfc_2616.txt"))
        // Enter keeps the filter and gives the keys back: j moves, Esc then clears.
        _ = state.update(.key(.enter))
        #expect(!state.sharedTable.editingFilter && state.sharedTable.isFiltered)
        _ = state.update(.key(.escape))
        #expect(state.sharedTable.rows == [0, 1, 2] && state.sharedTable.countLabel == "3")
        // A filter that matches nothing says so.
        _ = state.update(.key(.character("f")))
        state.type("zzz")
        screen = state.screenText()
        #expect(screen.contains("nothing matches"))
    }

    @Test("the filtered selection is what Enter downloads")
    func filteredSelection() {
        var state = AppFixtures.busy(width: 80, height: 24)
        state.focus = .search
        _ = state.update(.key(.character("f")))
        state.type("server")
        _ = state.update(.key(.enter))
        let effects = state.update(.key(.enter))
        #expect(effects == [.engine(.download(.content(AppFixtures.hash(5)), name: "ubuntu-24.04-live-server-amd64.iso",
                                               size: 2_600_000_000, from: nil))])
    }

    @Test("o steps through the columns (names A-Z, numbers largest first), O reverses; the header shows it; it is saved")
    func sort() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .search
        var effects = state.update(.key(.character("o")))
        #expect(state.resultsTable.sort == SortChoice(column: "Name", descending: false))
        #expect(effects == [.savePreferences(state.preferences)])
        #expect(state.resultsTable.rows.map { state.results[$0].name }.first == "Hypertext Transfer Protocol -- HTTP/1.1")
        effects = state.update(.key(.character("o")))
        #expect(state.resultsTable.sort == SortChoice(column: "Size", descending: true))
        #expect(state.resultsTable.rows == [0, 1, 2, 3])  // the classic item's unknown size goes last
        var screen = state.screenText()
        #expect(screen.contains("Size ▼"))
        _ = state.update(.key(.character("O")))
        #expect(state.resultsTable.rows == [2, 1, 0, 3])  // unknown last either way
        screen = state.screenText()
        #expect(screen.contains("Size ▲"))
        for _ in 0..<3 { _ = state.update(.key(.character("o"))) }
        #expect(state.resultsTable.sort.column == nil)
    }

    @Test("the selection stays on the same row when the order changes")
    func selectionFollows() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .search
        _ = state.update(.key(.character("j")))
        let chosen = state.selectedResult
        _ = state.update(.key(.character("o")))
        #expect(state.selectedResult == chosen && state.resultsTable.list.selected != 1)
    }

    @Test("preferences round-trip: every table's sort comes back and is applied")
    func preferences() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .transfers
        _ = state.update(.key(.character("o")))
        _ = state.update(.key(.character("o")))
        let saved = state.preferences
        #expect(saved.sorts["transfers"] == SortChoice(column: "%", descending: true))
        var fresh = AppFixtures.busy(width: 100, height: 30)
        fresh.preferences = saved
        #expect(fresh.transfersTable.rows.map { fresh.transfers[$0].id } == [2, 1, 3, -1])
    }

    @Test("a peer's files: f filters, o sorts, Enter downloads the selected one")
    func browse() {
        var state = AppFixtures.busy(width: 100, height: 30)
        let entries = [SharedFileEntry(key: .content(AppFixtures.hash(7)), size: 10, name: "b small.txt"),
                       SharedFileEntry(key: .content(AppFixtures.hash(8)), size: 9_000, name: "a big.mkv")]
        _ = state.update(.browsed(peer: PeerID(9), entries: entries))
        _ = state.update(.key(.character("o")))  // Name A-Z
        guard case .browse(_, _, let table, _)? = state.overlay else { Issue.record("no browse overlay"); return }
        #expect(table.rows == [1, 0])
        _ = state.update(.key(.character("f")))
        state.type("small")
        _ = state.update(.key(.enter))
        let screen = state.screenText()
        #expect(screen.contains("Files of p9 (1 of 2)"))
        #expect(state.update(.key(.enter)) == [.engine(.download(.content(AppFixtures.hash(7)), name: "b small.txt", size: 10, from: PeerID(9)))])
    }
}
