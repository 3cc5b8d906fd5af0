import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Folders: a peer's tree, folder downloads in one row")
struct FolderTests {
    static let entries = [
        SharedFileEntry(key: .content(AppFixtures.hash(1)), size: 4_000_000, name: "music/jazz/Take Five.flac"),
        SharedFileEntry(key: .content(AppFixtures.hash(2)), size: 3_000_000, name: "music/jazz/live/So What.flac"),
        SharedFileEntry(key: .content(AppFixtures.hash(3)), size: 5_000_000, name: "music/rock/Paranoid.flac"),
        SharedFileEntry(key: .content(AppFixtures.hash(4)), size: 1_000, name: "notes.txt"),
    ]

    private func browsing() -> AppState {
        var state = AppFixtures.busy(width: 100, height: 30)
        _ = state.update(.browsed(peer: PeerID(9), entries: Self.entries))
        return state
    }

    private static func tree(_ state: AppState) -> BrowseTree? {
        guard case .browse(_, _, _, let tree)? = state.overlay else { return nil }
        return tree
    }

    @Test("the tree: folders first, closed until opened (→ or l), closed again with ← or h; ← on a file goes to its folder")
    func tree() {
        var state = browsing()
        #expect(Self.tree(state)?.rows == [.folder(path: "music", depth: 0, files: 3, open: false), .file(entry: 3, depth: 0)])
        _ = state.update(.key(.right))
        _ = state.update(.key(.character("j")))
        _ = state.update(.key(.character("l")))  // music/jazz
        #expect(Self.tree(state)?.rows == [
            .folder(path: "music", depth: 0, files: 3, open: true),
            .folder(path: "music/jazz", depth: 1, files: 2, open: true),
            .folder(path: "music/jazz/live", depth: 2, files: 1, open: false),
            .file(entry: 0, depth: 2),
            .folder(path: "music/rock", depth: 1, files: 1, open: false),
            .file(entry: 3, depth: 0),
        ])
        let screen = state.screenText()
        #expect(screen.contains("▾ music/") && screen.contains("  ▾ jazz/") && screen.contains("    ▸ live/") && screen.contains("Take Five.flac"))
        _ = state.update(.key(.character("j")))
        _ = state.update(.key(.character("j")))  // Take Five.flac
        _ = state.update(.key(.left))             // to music/jazz
        _ = state.update(.key(.character("h")))  // closes it
        #expect(Self.tree(state)?.rows.count == 4)
        Snapshot.check(ScreenView.render(&state), "browse-tree-100x30")
    }

    @Test("d on a folder downloads each of its files named from that folder down; Enter on a file downloads it alone")
    func downloads() {
        var state = browsing()
        _ = state.update(.key(.right))
        _ = state.update(.key(.character("j")))  // music/jazz
        let effects = state.update(.key(.character("d")))
        #expect(effects == [
            .engine(.download(.content(AppFixtures.hash(1)), name: "jazz/Take Five.flac", size: 4_000_000, from: PeerID(9))),
            .engine(.download(.content(AppFixtures.hash(2)), name: "jazz/live/So What.flac", size: 3_000_000, from: PeerID(9))),
        ])
        #expect(state.notice?.text == "downloading jazz/ (2 files) from p9")
        var again = browsing()
        _ = again.update(.key(.character("f")))
        again.type("paranoid")
        _ = again.update(.key(.enter))
        // Filtered: every folder holding a match is open; the file is the third row.
        _ = again.update(.key(.character("j")))
        _ = again.update(.key(.character("j")))
        #expect(again.update(.key(.enter)) == [.engine(.download(.content(AppFixtures.hash(3)), name: "Paranoid.flac", size: 5_000_000, from: PeerID(9)))])
    }

    @Test("a folder download is one row with its combined progress; it opens to show its files; p and x act on all of them")
    func transfers() {
        var state = AppState()
        _ = state.update(.resize(width: 120, height: 30))
        let snapshots = [
            TransferSnapshot(id: 1, direction: .download, key: .content(AppFixtures.hash(1)), name: "jazz/Take Five.flac", size: 4_000_000,
                             bytesDone: 4_000_000, state: .completed),
            TransferSnapshot(id: 2, direction: .download, key: .content(AppFixtures.hash(2)), name: "jazz/live/So What.flac", size: 4_000_000,
                             bytesDone: 1_000_000, bytesPerSecond: 500_000, activeSources: 2, state: .downloading),
            TransferSnapshot(id: 3, direction: .download, key: .content(AppFixtures.hash(4)), name: "notes.txt", size: 1_000, state: .queued),
        ]
        for snapshot in snapshots { _ = state.update(.engine(.transfer(snapshot))) }
        state.focus = .transfers
        #expect(state.transferRows == [.group("jazz", members: [0, 1]), .transfer(2, id: 3, inGroup: false)])
        var screen = state.screenText()
        #expect(screen.contains("▸ jazz/ (2 files)") && screen.contains(" 62%") && screen.contains("1/2 done"))
        _ = state.update(.key(.enter))
        #expect(state.transferRows.count == 4)
        screen = state.screenText()
        #expect(screen.contains("▾ jazz/ (2 files)") && screen.contains("    live/So What.flac"))
        #expect(state.update(.key(.character("p"))) == [.engine(.pause(2))])
        _ = state.update(.key(.character("x")))
        #expect(state.update(.key(.character("y"))) == [.engine(.cancel(2))])
        // On a file of the open folder, ← closes the folder and selects its row.
        _ = state.update(.key(.character("j")))
        _ = state.update(.key(.character("j")))
        _ = state.update(.key(.left))
        #expect(state.transferRows.count == 2 && state.transfersTable.list.selected == 0)
        Snapshot.check(ScreenView.render(&state), "transfers-folder-120x30")
    }

    @Test("a folder download is announced once, when its last file ends; its row says how it ended")
    func announcedOnce() {
        var state = AppState()
        state.notify = .desktop
        let files = (1...3).map { n in
            TransferSnapshot(id: Int64(n), direction: .download, key: .content(AppFixtures.hash(UInt8(n))), name: "jazz/\(n).flac",
                             size: 10, state: .downloading)
        }
        for file in files { _ = state.update(.engine(.transfer(file))) }
        func ended(_ n: Int, _ how: TransferState) -> [AppEffect] {
            var file = files[n - 1]
            file.state = how
            return state.update(.engine(.transfer(file)))
        }
        #expect(ended(1, .completed) == [])
        #expect(ended(2, .cancelled) == [])
        #expect(AppState.summary(of: state.transfers).state == "1/3 done, 1 cancelled")
        #expect(ended(3, .completed) == [.notify(.desktop(title: "Shoal: downloaded", body: "jazz/ (3 files)"))])
        #expect(AppState.summary(of: state.transfers).state == "2 done, 1 cancelled")
    }
}
