import NIOCore
import Testing
import Wire
@testable import IndexServer

@Suite("Connection clock")
struct ConnectionClockTests {
    let timeouts = SessionTimeouts(idle: .seconds(120), classicIdle: .seconds(3600), request: .seconds(30))
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("a quiet Shoal connection expires at the idle timeout; each request restarts it")
    func idle() {
        var clock = ConnectionClock(timeouts: timeouts, now: start)
        #expect(clock.nextDeadline == start + .seconds(120))
        #expect(clock.expired(at: start + .seconds(119)) == nil)
        clock.requestCompleted(at: start + .seconds(100), version: .shoal)
        #expect(clock.expired(at: start + .seconds(200)) == nil)
        #expect(clock.expired(at: start + .seconds(220)) == .idle)
    }

    @Test("classic-only connections get the longer classic timeout, until they speak 2.0")
    func classic() {
        var clock = ConnectionClock(timeouts: timeouts, now: start)
        clock.requestCompleted(at: start, version: .classic)
        #expect(clock.expired(at: start + .seconds(3599)) == nil)
        #expect(clock.expired(at: start + .seconds(3600)) == .idle)
        clock.requestCompleted(at: start, version: .shoal)
        #expect(clock.expired(at: start + .seconds(121)) == .idle)
        var never = ConnectionClock(timeouts: SessionTimeouts(classicIdle: nil), now: start)
        never.requestCompleted(at: start, version: .classic)
        #expect(never.nextDeadline == nil)
    }

    @Test("a begun request must finish within the request timeout")
    func partial() {
        var clock = ConnectionClock(timeouts: timeouts, now: start)
        clock.partialMessage(true, at: start + .seconds(10))
        clock.partialMessage(true, at: start + .seconds(20))
        #expect(clock.nextDeadline == start + .seconds(40))
        #expect(clock.expired(at: start + .seconds(40)) == .request)
        clock.partialMessage(false, at: start + .seconds(21))
        #expect(clock.expired(at: start + .seconds(40)) == nil)
    }
}
