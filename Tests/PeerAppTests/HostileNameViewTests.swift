import Model
import Testing
import TerminalUI
@testable import PeerApp

/// Names from strangers on screen: never a control or reordering character in a cell, always cut to fit.
@Suite("Hostile names on screen")
struct HostileNameViewTests {
    static let hostile = [
        "clear\u{1B}[2J\u{1B}]0;owned\u{7}.txt",       // an escape sequence and a window title
        "csi\u{9B}31m red.txt",                          // a C1 control
        "invoice\u{202E}fdp.exe",                         // a right-to-left override
        "tab\tand\rreturn.txt",
        String(repeating: "長", count: 10_000),           // 10,000 wide characters
        (0..<16).map { "deep\($0)" }.joined(separator: "/") + ".bin",
    ]

    static func state(width: Int, height: Int) -> AppState {
        var state = AppState()
        _ = state.update(.resize(width: width, height: height))
        let hits = hostile.enumerated().map { SearchHit(key: .content(AppFixtures.hash(UInt8($0 + 1))), size: 10, sources: 1, name: $1) }
        _ = state.update(.searchResults(id: 0, title: "\u{1B}[31mq", hits: hits, nextCursor: nil, append: false))
        for (index, name) in hostile.enumerated() {
            _ = state.update(.engine(.transfer(TransferSnapshot(id: Int64(index + 1), direction: .download, key: hits[index].key,
                                                                name: name, size: 10, state: .downloading, lastError: name))))
        }
        return state
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        TerminalText.isControl(scalar) || TerminalText.isBidiControl(scalar)
    }

    @Test("results, transfers, a peer's tree and the details: no control or bidi character reaches a cell; every row fits", arguments: [
        (60, 16), (80, 24), (300, 80),
    ])
    func safe(width: Int, height: Int) {
        var state = Self.state(width: width, height: height)
        var frames = [ScreenView.render(&state)]
        state.focus = .transfers
        _ = state.update(.key(.enter))
        _ = state.update(.details(id: 1, TransferDetails(transfer: state.transfers[0], sources: [
            SourceDetail(peer: PeerID(1), nickname: "n", address: "1.2.3.4:5", activity: .idle, lastError: Self.hostile[0]),
        ], chunks: ChunkMap(runs: [.init(.missing, 3)]), verification: "v", destination: Self.hostile[4])))
        frames.append(ScreenView.render(&state))
        _ = state.update(.key(.escape))
        let entries = Self.hostile.enumerated().map { SharedFileEntry(key: .content(AppFixtures.hash(UInt8($0 + 1))), size: 1, name: $1) }
        _ = state.update(.browsed(peer: PeerID(2), entries: entries))
        for _ in 0..<20 { _ = state.update(.key(.right)); _ = state.update(.key(.down)) }
        frames.append(ScreenView.render(&state))
        for grid in frames {
            #expect(grid.lines.allSatisfy { DisplayWidth.of($0) == width })
            #expect(!grid.lines.joined().unicodeScalars.contains(where: Self.isUnsafe), "\(grid.lines.joined(separator: "\n"))")
        }
    }

    @Test("a tree of 10,000 files in 1,000 folders opens and renders, each row cut to fit")
    func hugeTree() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        let entries = (0..<10_000).map { n in
            SharedFileEntry(key: .content(ContentHash(bytes: (0..<32).map { UInt8(truncatingIfNeeded: n >> (($0 % 4) * 8)) &+ UInt8($0) })!),
                            size: 1, name: "top/folder \(n % 1_000)/file \(n).bin")
        }
        _ = state.update(.browsed(peer: PeerID(2), entries: entries))
        _ = state.update(.key(.right))
        guard case .browse(_, _, _, let tree)? = state.overlay else { Issue.record("no tree"); return }
        #expect(tree.rows.count == 1_001)
        _ = state.update(.key(.end))
        let lines = ScreenView.render(&state).lines
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 100 })
    }

    @Test("every size from 1x1 to 300x80 draws the overlays without trapping, each row the terminal's width")
    func overlaysAtAnySize() async {
        for width in stride(from: 1, through: 300, by: 23) {
            for height in stride(from: 1, through: 80, by: 9) {
                await Task.yield()  // seconds of drawing under a sanitizer: let the tests beside it run meanwhile
                var state = Self.state(width: width, height: height)
                state.focus = .transfers
                _ = state.update(.key(.enter))
                var lines = ScreenView.render(&state).lines
                #expect(lines.count == height && lines.allSatisfy { DisplayWidth.of($0) == width }, "details \(width)x\(height)")
                _ = state.update(.key(.escape))
                _ = state.update(.key(.character("?")))
                lines = ScreenView.render(&state).lines
                #expect(lines.count == height && lines.allSatisfy { DisplayWidth.of($0) == width }, "help \(width)x\(height)")
            }
        }
    }
}
