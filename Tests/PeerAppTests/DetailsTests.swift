import Model
import Testing
import TerminalUI
@testable import PeerApp

@Suite("Transfer details view")
struct DetailsTests {
    static func details(for transfer: TransferSnapshot) -> TransferDetails {
        TransferDetails(
            transfer: transfer,
            sources: [
                SourceDetail(peer: PeerID(7), nickname: "ana", address: "10.0.0.7:6001", reachable: true, activity: .sending,
                             bytesPerSecond: 30_000_000, bytes: 1_800_000_000, chunks: 1_717),
                SourceDetail(peer: PeerID(9), nickname: "bo", address: "10.0.0.9:6001", reachable: false, activity: .idle,
                             bytes: 810_000_000, chunks: 772, lastError: "is behind NAT and did not connect back through the index in time"),
                SourceDetail(peer: PeerID(12), address: "10.0.0.12:6001", activity: .banned, lastError: "sent a chunk that did not verify"),
            ],
            chunks: ChunkMap(runs: [.init(.verified, 2_000), .init(.inFlight, 6), .init(.missing, 500), .init(.verified, 489),
                                    .init(.missing, 2_537)]),
            verification: "each chunk is checked against the file's hash tree before it is written: 2489 of 5532 verified",
            destination: "/home/ana/Downloads/ubuntu-24.04-desktop-amd64.iso")
    }

    @Test("Enter (or i) in Transfers opens the details and asks for them; each snapshot of it asks again; Esc closes")
    func opens() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .transfers
        #expect(state.update(.key(.enter)) == [.transferDetails(1)])
        guard case .details(1, nil, _)? = state.overlay else { Issue.record("no details overlay"); return }
        let transfer = state.transfers[0]
        _ = state.update(.details(id: 1, Self.details(for: transfer)))
        var moved = transfer
        moved.bytesDone += 1_000_000
        #expect(state.update(.engine(.transfer(moved))) == [.transferDetails(1)])
        // Other transfers' snapshots do not ask.
        #expect(state.update(.engine(.transfer(state.transfers[2]))) == [])
        #expect(state.update(.key(.character("p"))) == [.engine(.pause(1))])
        _ = state.update(.key(.escape))
        #expect(state.overlay == nil)
        _ = state.update(.key(.character("i")))
        #expect(state.overlay != nil)
        // An answer for a transfer that is gone says so, and closes the view.
        _ = state.update(.details(id: 1, nil))
        #expect(state.notice?.text == "that transfer is gone" && state.overlay == nil)
        // The key list closes on any key but the ones that scroll it.
        _ = state.update(.key(.character("?")))
        _ = state.update(.key(.character("j")))
        #expect(state.overlay != nil)
        _ = state.update(.key(.character("d")))
        #expect(state.overlay == nil)
    }

    @Test("the details view: summary, destination, check, chunk map and sources (snapshot, 100x30 and 60x16)")
    func view() {
        var state = AppFixtures.busy(width: 100, height: 30)
        state.focus = .transfers
        _ = state.update(.key(.enter))
        _ = state.update(.details(id: 1, Self.details(for: state.transfers[0])))
        Snapshot.check(ScreenView.render(&state), "details-100x30")
        var small = state
        _ = small.update(.resize(width: 60, height: 16))
        let lines = ScreenView.render(&small).lines
        Snapshot.check(ScreenView.render(&small), "details-60x16")
        #expect(lines.allSatisfy { DisplayWidth.of($0) == 60 })
    }
}
