import Testing
@testable import TerminalUI

@Suite("Widgets")
struct WidgetTests {
    @Test("a box with a table: header, clipped wide names, the selection highlighted", arguments: [true, false])
    func boxedTable(focused: Bool) {
        var grid = CellGrid(width: 30, height: 6)
        let inside = Box(title: "Search", focused: focused).render(in: grid.bounds, on: &grid)
        var state = ListState()
        Table(columns: [.init("Name", width: .fill), .init("Size", width: .fixed(6), alignRight: true)],
              rows: [[.text("日本語のファイル名.txt"), .text("1.2M")], [.text("café.mp3"), .text("3 KB")],
                     [.text("🎵 song.flac"), .text("10M")]],
              focused: focused).render(in: inside, on: &grid, state: &state)
        #expect(grid.lines == [
            "┌─ Search ───────────────────┐",
            "│Name                    Size│",
            "│日本語のファイル名.t…   1.2M│",
            "│café.mp3                3 KB│",
            "│🎵 song.flac             10M│",
            "└────────────────────────────┘",
        ])
        #expect(grid.lines.allSatisfy { DisplayWidth.of($0) == 30 }, "every row is exactly as wide as the box")
        #expect(grid[1, 2].role == (focused ? .selection : .selectionUnfocused))
        #expect(grid[0, 0].role == (focused ? .borderFocused : .border))
        #expect(state.visible == 3)
    }

    @Test("a progress bar fills by eighths and stays visible without colour")
    func progress() {
        var grid = CellGrid(width: 10, height: 1)
        ProgressBar(fraction: 0.45).render(in: grid.bounds, on: &grid)
        #expect(grid.lines == ["████▌░░░░░"])
        ProgressBar(fraction: 1).render(in: grid.bounds, on: &grid)
        #expect(grid.lines == ["██████████"])
        ProgressBar(fraction: nil).render(in: grid.bounds, on: &grid)
        #expect(grid.lines == ["░░░░░░░░░░"])
        ProgressBar(fraction: .nan).render(in: grid.bounds, on: &grid)
        #expect(grid.lines == ["░░░░░░░░░░"])
    }

    @Test("list state: moving, paging and jumping keep the selection on screen")
    func listState() {
        var state = ListState(count: 100, visible: 10)
        state.moveBy(12)
        #expect(state.selected == 12 && state.visibleRange == 3..<13)
        state.pageDown()
        #expect(state.selected == 21 && state.visibleRange.contains(21))
        state.end()
        #expect(state.selected == 99 && state.visibleRange == 90..<100)
        state.home()
        #expect(state.selected == 0 && state.offset == 0)
        state.moveBy(-5)
        #expect(state.selected == 0)
        state.end()
        state.setCount(20)
        #expect(state.selected == 19 && state.visibleRange == 10..<20, "shrinking keeps a valid selection")
        state.setCount(0)
        #expect(state.selected == 0 && state.visibleRange.isEmpty)
    }

    @Test("input line editing: insert, backspace, delete, arrows, Ctrl-U, Ctrl-W")
    func inputLine() {
        var line = InputLine()
        for character in "ubuntu desk" { line.insert(character) }
        #expect(line.text == "ubuntu desk" && line.cursor == 11)
        line.deleteWordBackward()
        #expect(line.text == "ubuntu " && line.cursor == 7)
        line.left(); line.left()
        line.insert("X")
        #expect(line.text == "ubuntXu " && line.cursor == 6)
        line.backspace()
        line.delete()
        #expect(line.text == "ubunt " && line.cursor == 5)
        line.left()
        line.clearToStart()
        #expect(line.text == "t " && line.cursor == 0)
        line.end()
        line.insert("日")
        #expect(line.text == "t 日" && line.cursor == 3)
    }

    @Test("a long input scrolls so the cursor stays visible; the cursor cell is marked")
    func inputScroll() {
        var line = InputLine()
        for character in "a very long search query" { line.insert(character) }
        var grid = CellGrid(width: 12, height: 1)
        line.render(prompt: "/ ", in: grid.bounds, on: &grid, showCursor: true)
        #expect(grid.lines == ["/ rch query "])
        #expect(grid[11, 0].role == .cursor)
    }

    @Test("hints that do not fit are left out whole")
    func hints() {
        var grid = CellGrid(width: 20, height: 1)
        HintBar([("q", "quit"), ("/", "search"), ("?", "help")]).render(in: grid.bounds, on: &grid)
        #expect(grid.lines == ["q quit  / search     "].map { String($0.prefix(20)) })
        #expect(grid[0, 0].role == .hintKey && grid[2, 0].role == .hintText)
    }
}
