import Logging
import Model
import NIOCore
import NIOPosix
@testable import PeerEngine
import Testing
import TestSupport

/// Back-offs and staggers on the engine's injected clock, run in virtual time: what would take a minute of
/// real waiting takes none, and each wait is checked to the millisecond.
@Suite("Engine time (virtual clock)")
struct VirtualTimeTests {
    @Test("an index that is down is tried again after 0.5, 1, 2, 4 and 8 s, then every 15 s, and not a moment sooner")
    func indexBackoff() async throws {
        let clock = VirtualClock()
        let states = Recorder<IndexConnectionState>()
        let down = try ReservedPort()  // refuses connections, and no other test's server can take its port
        let client = IndexClient(settings: .init(host: "127.0.0.1", port: down.port, uploadPort: 1, nickname: nil),
                                 logger: Logger(label: "test"), clock: clock) { states.append($0) }
        let link = Task { await client.run() }
        let attempts: @Sendable (IndexConnectionState) -> Bool = {
            if case .connecting = $0 { return true }
            return false
        }
        for (round, seconds) in [0.5, 1, 2, 4, 8, 15, 15].enumerated() {
            try await clock.sleeps.waitFor(count: round + 1, "back-off \(round + 1)") { _ in true }
            #expect(clock.sleeps.all[round] == .milliseconds(Int(seconds * 1000)))
            #expect(states.all.count(where: attempts) == round + 1)
            clock.advance(by: .milliseconds(Int(seconds * 1000) - 1))
            #expect(clock.sleeping == 1, "1 ms early, still waiting")
            clock.advance(by: .milliseconds(1))
            try await states.waitFor(count: round + 2, "attempt \(round + 2)", attempts)
        }
        #expect(states.all.contains { if case .disconnected(_, _, let retry) = $0 { return retry == 15 }; return false })
        await client.stop()
        link.cancel()
        await link.value
        withExtendedLifetime(down) {}
    }

    @Test("sources that never answer are left behind one stagger at a time: the next is asked exactly when the stagger ends")
    func stagger() async throws {
        let clock = VirtualClock()
        let asked = Recorder<Int>()
        let race = StaggeredRace<Int, Int>(stagger: .seconds(1), maximumAtOnce: 4, clock: clock) { candidate in
            asked.append(candidate)
            guard candidate == 3 else {
                try? await Task.sleep(for: .seconds(3600))  // a source that never answers (ends when cancelled)
                return nil
            }
            return candidate * 10
        }
        let winner = Task { await race.first(of: [1, 2, 3]) }
        for count in 1...2 {
            try await asked.waitFor(count: count, "source \(count) asked") { _ in true }
            try await clock.sleeps.waitFor(count: count, "stagger \(count)") { _ in true }
            clock.advance(by: .milliseconds(999))
            #expect(asked.count == count, "not before the stagger ends")
            clock.advance(by: .milliseconds(1))
        }
        #expect(await winner.value == 30)
        #expect(asked.all == [1, 2, 3])
    }
}
