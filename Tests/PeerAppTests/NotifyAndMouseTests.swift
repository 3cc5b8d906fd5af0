import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Notifications and the mouse")
struct NotifyAndMouseTests {
    private static func running(_ id: Int64, _ state: TransferState = .downloading, error: String? = nil) -> TransferSnapshot {
        TransferSnapshot(id: id, direction: .download, key: .content(AppFixtures.hash(UInt8(id))), name: "file\(id).iso", size: 100,
                         bytesDone: state == .completed ? 100 : 10, state: state, lastError: error)
    }

    @Test("a download seen finishing or failing is announced as notify says; one already finished when seen is not")
    func announced() {
        var state = AppState()
        state.notify = .desktop
        _ = state.update(.engine(.transfer(Self.running(1))))
        #expect(state.update(.engine(.transfer(Self.running(1, .completed)))) == [.notify(.desktop(title: "Shoal: downloaded", body: "file1.iso"))])
        _ = state.update(.engine(.transfer(Self.running(2))))
        #expect(state.update(.engine(.transfer(Self.running(2, .failed, error: "every source failed"))))
                == [.notify(.desktop(title: "Shoal: download failed", body: "file2.iso: every source failed"))])
        // A window attaching to a peer is told of a download that finished before: no announcement.
        #expect(state.update(.engine(.transfer(Self.running(3, .completed)))) == [])
        // Progress and a second completed snapshot announce nothing.
        #expect(state.update(.engine(.transfer(Self.running(1, .completed)))) == [])

        state.notify = .bell
        _ = state.update(.engine(.transfer(Self.running(4))))
        #expect(state.update(.engine(.transfer(Self.running(4, .completed)))) == [.notify(.bell)])
        state.notify = .off
        _ = state.update(.engine(.transfer(Self.running(5))))
        #expect(state.update(.engine(.transfer(Self.running(5, .completed)))) == [])
    }

    @Test("the desktop notification is OSC 9, or OSC 777 where the terminal reads it; wrapped inside tmux; cleaned")
    func sequence() {
        #expect(NotificationSequence.make(title: "Shoal", body: "a.iso", environment: ["TERM": "xterm-256color"]) == "\u{1b}]9;Shoal: a.iso\u{7}")
        #expect(NotificationSequence.make(title: "Shoal", body: "a;b\u{1b}[2J.iso", environment: ["TERM": "foot"])
                == "\u{1b}]777;notify;Shoal;a b [2J.iso\u{7}")
        #expect(NotificationSequence.make(title: "S", body: "x", environment: ["TERM": "screen", "TMUX": "/tmp/t,1,0"])
                == "\u{1b}Ptmux;\u{1b}\u{1b}]9;S: x\u{7}\u{1b}\\")
        #expect(NotificationSequence.make(title: "S", body: String(repeating: "x", count: 1000), environment: [:]).count < 220)
    }

    @Test("a click focuses the pane and selects the row; a double click in Search downloads; the wheel scrolls")
    func mouse() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .shared
        _ = ScreenView.render(&state)
        let body = try! #require(state.layout.tableBodies[.search])
        _ = state.update(.mouse(MouseEvent(.click, x: body.x + 2, y: body.y + 1)))
        #expect(state.focus == .search && state.resultsTable.list.selected == 1)
        let effects = state.update(.mouse(MouseEvent(.doubleClick, x: body.x + 2, y: body.y)))
        #expect(effects == [.engine(.download(.content(AppFixtures.hash(4)), name: "ubuntu-24.04-desktop-amd64.iso",
                                               size: 5_800_000_000, from: nil))])
        _ = state.update(.mouse(MouseEvent(.wheelDown, x: body.x, y: body.y)))
        #expect(state.resultsTable.list.selected == 3)
        // Below the last row: nothing is selected anew.
        _ = state.update(.mouse(MouseEvent(.click, x: body.x, y: body.maxY - 1)))
        #expect(state.resultsTable.list.selected == 3)
        // A click in Transfers focuses it.
        let transfers = try! #require(state.layout.tableBodies[.transfers])
        _ = state.update(.mouse(MouseEvent(.click, x: transfers.x + 3, y: transfers.y + 2)))
        #expect(state.focus == .transfers && state.transfersTable.list.selected == 2)
        #expect(state.update(.mouse(MouseEvent(.doubleClick, x: transfers.x + 3, y: transfers.y))) == [.transferDetails(1)])
        _ = state.update(.key(.escape))
        // With mouse = false, clicks do nothing.
        state.mouse = false
        _ = state.update(.mouse(MouseEvent(.click, x: body.x, y: body.y)))
        #expect(state.focus == .transfers)
    }

    @Test("in an overlay's list a click selects and a double click is Enter; a click outside help closes it")
    func overlayMouse() {
        var state = AppFixtures.busy(width: 100, height: 30)
        _ = state.update(.browsed(peer: PeerID(9), entries: [
            SharedFileEntry(key: .content(AppFixtures.hash(7)), size: 10, name: "one.txt"),
            SharedFileEntry(key: .content(AppFixtures.hash(8)), size: 20, name: "two.txt"),
        ]))
        _ = ScreenView.render(&state)
        let body = try! #require(state.layout.overlayBody)
        #expect(state.update(.mouse(MouseEvent(.doubleClick, x: body.x, y: body.y + 1)))
                == [.engine(.download(.content(AppFixtures.hash(8)), name: "two.txt", size: 20, from: PeerID(9)))])
        _ = state.update(.key(.character("?")))
        _ = ScreenView.render(&state)
        _ = state.update(.mouse(MouseEvent(.click, x: 0, y: 0)))
        #expect(state.overlay == nil)
    }
}
