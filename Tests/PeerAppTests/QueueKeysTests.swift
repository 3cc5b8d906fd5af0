import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Transfers: priorities and queue order")
struct QueueKeysTests {
    static func queued(_ id: Int64, _ priority: TransferPriority = .normal, order: Int64? = nil) -> TransferSnapshot {
        TransferSnapshot(id: id, direction: .download, key: .content(AppFixtures.hash(UInt8(id))), name: "file\(id).iso", size: 100,
                         state: .queued, priority: priority, queueOrder: order)
    }

    @Test("+ and - step the priority (low, normal, high), K and J move in the queue; finished rows and uploads are left alone")
    func keys() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        for snapshot in [Self.queued(1), Self.queued(2, .high)] { _ = state.update(.engine(.transfer(snapshot))) }
        state.focus = .transfers
        #expect(state.update(.key(.character("+"))) == [.engine(.setPriority(1, .high))])
        #expect(state.update(.key(.character("-"))) == [.engine(.setPriority(1, .low))])
        #expect(state.update(.key(.character("K"))) == [.engine(.moveInQueue(1, by: -1))])
        #expect(state.update(.key(.character("J"))) == [.engine(.moveInQueue(1, by: 1))])
        _ = state.update(.key(.character("j")))
        #expect(state.update(.key(.character("+"))) == [])  // already high
        var done = Self.queued(3)
        done.state = .completed
        _ = state.update(.engine(.transfer(done)))
        _ = state.update(.key(.character("j")))
        #expect(state.update(.key(.character("K"))) == [])
    }

    @Test("queued rows show their place (priority first, then order) and a priority other than normal")
    func view() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        for snapshot in [Self.queued(1), Self.queued(2, .high), Self.queued(3, order: 0), Self.queued(4, .low)] {
            _ = state.update(.engine(.transfer(snapshot)))
        }
        #expect(state.queuePositions == [2: 1, 3: 2, 1: 3, 4: 4])
        let lines = ScreenView.render(&state).lines
        #expect(lines.contains { $0.contains("file2.iso") && $0.contains("high") && $0.contains("queued 1") })
        #expect(lines.contains { $0.contains("file4.iso") && $0.contains("low") && $0.contains("queued 4") })
        // Sorting by Pri lists the queue in order.
        state.focus = .transfers
        for _ in 0..<5 { _ = state.update(.key(.character("o"))) }
        #expect(state.transfersTable.sort.column == "Pri")
        #expect(state.transfersTable.rows.map { state.transfers[$0].id } == [2, 3, 1, 4])
    }

    @Test("sorted by speed, the selection stays on the same transfer as speeds change the order, and when a row before it goes")
    func selectionFollowsTheTransfer() {
        var state = AppState()
        _ = state.update(.resize(width: 100, height: 30))
        func moving(_ id: Int64, _ speed: Double) -> TransferSnapshot {
            var snapshot = Self.queued(id)
            (snapshot.state, snapshot.bytesPerSecond) = (.downloading, speed)
            return snapshot
        }
        for snapshot in [moving(1, 300), moving(2, 200), moving(3, 100)] { _ = state.update(.engine(.transfer(snapshot))) }
        state.focus = .transfers
        for _ in 0..<3 { _ = state.update(.key(.character("o"))) }
        #expect(state.transfersTable.sort.column == "Speed")
        _ = state.update(.key(.character("j")))
        #expect(state.selectedTransfer?.id == 2)
        _ = state.update(.engine(.transfer(moving(3, 900))))
        #expect(state.selectedTransfer?.id == 2 && state.transfersTable.list.selected == 2)
        _ = state.update(.engine(.transferRemoved(3)))
        #expect(state.selectedTransfer?.id == 2)
    }
}
