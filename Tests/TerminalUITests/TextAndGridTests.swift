import Testing
@testable import TerminalUI

@Suite("Display width and the cell grid")
struct TextAndGridTests {
    @Test("widths as terminals count them: ASCII 1, CJK and emoji 2, combining marks 0")
    func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語") == 6)
        #expect(DisplayWidth.of("résumé") == 6)
        #expect(DisplayWidth.of("e\u{301}") == 1, "e + combining acute is one column")
        #expect(DisplayWidth.of("🎵") == 2)
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8, "fullwidth forms")
        #expect(DisplayWidth.of("a\u{200B}b") == 2, "zero-width space")
    }

    @Test("clipping never splits a wide character and marks the cut with an ellipsis")
    func clipping() {
        #expect(DisplayWidth.clip("hello world", to: 8) == "hello w…")
        #expect(DisplayWidth.clip("日本語ファイル", to: 6) == "日本…")
        #expect(DisplayWidth.of(DisplayWidth.clip("日本語ファイル", to: 6)) == 5)
        #expect(DisplayWidth.clip("short", to: 10) == "short")
        #expect(DisplayWidth.clip("x", to: 0) == "")
        #expect(DisplayWidth.fit("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.fit("12", to: 4, alignRight: true) == "  12")
    }

    @Test("a wide character takes two cells; overwriting half of it leaves a space, not garbage")
    func wideCells() {
        var grid = CellGrid(width: 6, height: 1)
        #expect(grid.write("日本", x: 0, y: 0) == 4)
        #expect(grid.lines == ["日本  "])
        grid.write("x", x: 1, y: 0)
        #expect(grid.lines == [" x本  "])
        var edge = CellGrid(width: 3, height: 1)
        edge.write("ab日", x: 0, y: 0)
        #expect(edge.lines == ["ab…"])
    }

    @Test("writes stay inside their clip rectangle")
    func clip() {
        var grid = CellGrid(width: 10, height: 2)
        grid.write("0123456789", x: 2, y: 0, clip: Rect(x: 2, y: 0, width: 4, height: 1))
        grid.write("outside", x: 0, y: 1, clip: Rect(x: 0, y: 0, width: 10, height: 1))
        #expect(grid.lines == ["  012…    ", "          "])
    }

    @Test("layout: fixed parts first, the rest by weight, every cell accounted for")
    func layout() {
        #expect(Layout.sizes([.fixed(3), .fill, .fixed(1)], in: 20) == [3, 16, 1])
        #expect(Layout.sizes([.fill(weight: 1, minimum: 0), .fill(weight: 2, minimum: 0)], in: 10) == [3, 7])
        #expect(Layout.sizes([.fixed(30), .fill], in: 10) == [10, 0])
        let rows = Layout.rows(Rect(x: 0, y: 0, width: 80, height: 24), [.fixed(1), .fill, .fill, .fixed(1)])
        #expect(rows.map(\.height) == [1, 11, 11, 1] && rows.last?.y == 23)
    }
}
