import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Whole screens (monochrome text snapshots)")
struct ScreenSnapshotTests {
    @Test("80x24: three panes, status line, hints; wide names cut, never spilling over a border")
    func standard() {
        var state = AppFixtures.busy(width: 80, height: 24)
        let grid = ScreenView.render(&state)
        Snapshot.check(grid, "busy-80x24")
        #expect(grid.lines.allSatisfy { DisplayWidth.of($0) == 80 })
    }

    @Test("120x40: the same state with room to spare")
    func large() {
        var state = AppFixtures.busy(width: 120, height: 40)
        state.focus = .transfers
        let grid = ScreenView.render(&state)
        Snapshot.check(grid, "busy-120x40")
        #expect(grid.lines.allSatisfy { DisplayWidth.of($0) == 120 })
    }

    @Test("too small for three panes: one pane with a tab row; far too small: a one-line plea")
    func small() {
        var state = AppFixtures.busy(width: 50, height: 14)
        state.focus = .transfers
        Snapshot.check(ScreenView.render(&state), "busy-50x14")
        var tiny = AppFixtures.busy(width: 8, height: 2)
        #expect(ScreenView.render(&tiny).lines == ["Shoal: …", "        "])
    }

    @Test("the help overlay lists the keys over the panes")
    func help() {
        var state = AppFixtures.busy(width: 80, height: 24)
        _ = state.update(.key(.character("?")))
        Snapshot.check(ScreenView.render(&state), "help-80x24")
    }

    @Test("a filter being typed in Search, results sorted by size: the filter row, n of m, the header's ▼")
    func filteredAndSorted() {
        var state = AppFixtures.busy(width: 80, height: 24)
        for key in [Key.character("o"), .character("o"), .character("f"), .character("I"), .character("S"), .character("O")] {
            _ = state.update(.key(key))
        }
        Snapshot.check(ScreenView.render(&state), "filtered-sorted-80x24")
    }

    @Test("at 60x16 the key list scrolls inside its box")
    func helpSmall() {
        var state = AppFixtures.busy(width: 60, height: 16)
        _ = state.update(.key(.character("?")))
        _ = ScreenView.render(&state)
        for _ in 0..<30 { _ = state.update(.key(.character("j"))) }
        Snapshot.check(ScreenView.render(&state), "help-scrolled-60x16")
    }

    @Test("every size from 1x1 to 130x45 renders without trapping, each row exactly the terminal's width")
    func anySize() async {
        for width in stride(from: 1, through: 130, by: 7) {
            for height in stride(from: 1, through: 45, by: 4) {
                await Task.yield()  // let the tests beside it run between frames
                var state = AppFixtures.busy(width: width, height: height)
                let lines = ScreenView.render(&state).lines
                #expect(lines.count == height && lines.allSatisfy { DisplayWidth.of($0) == width }, "\(width)x\(height)")
            }
        }
    }
}
