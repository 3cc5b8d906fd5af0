@testable import IndexServer
import Model
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing
import TestSupport
import Wire

/// PUNCH meetings (PROTOCOL.md §5.12) at one node, with the other side at the same node or at another one
/// of its cluster (news of which comes as ``RelayNotice/punched(_:host:port:)``).
@Suite("PUNCH meetings: both sides here, or one at another node in either order")
struct PunchDeskTests {
    /// Runs `body` on a new embedded loop, then lets every meeting's timeout run (and answer what still
    /// waits) before the loop goes: a timeout never run holds its promise, and the loop, for good.
    private func onLoop(_ body: (EmbeddedEventLoop) throws -> Void) throws {
        let loop = EmbeddedEventLoop()
        defer { try? loop.syncShutdownGracefully() }
        try body(loop)
        loop.advanceTime(by: PunchDesk.wait)
    }

    /// A desk, and what it tells the other nodes.
    private func desk() -> (PunchDesk, Recorder<RelayNotice>) {
        let outlet = RelayOutlet(), posted = Recorder<RelayNotice>()
        outlet.connect { posted.append($0) }
        return (PunchDesk(outlet: outlet), posted)
    }

    private func punch(_ desk: PunchDesk, _ token: RelayToken, from port: Int, on loop: EmbeddedEventLoop) throws -> EventLoopFuture<IndexRequestProcessor.Outcome> {
        try #require(desk.answer(.punch(token), from: try SocketAddress(ipAddress: "127.0.0.1", port: port), on: loop))
    }

    private func endpoint(_ future: EventLoopFuture<IndexRequestProcessor.Outcome>, loop: EmbeddedEventLoop) -> String? {
        let answer = Recorder<IndexRequestProcessor.Outcome>()
        future.whenSuccess { answer.append($0) }
        loop.run()
        guard let response = answer.all.first?.response else { return nil }
        return response.status == .ok ? "\(response.headers["Host"] ?? "?"):\(response.headers["Port"] ?? "?")" : "\(response.status.code)"
    }

    @Test("both sides at this node: each is told where the other came from, and no other node hears of it")
    func bothHere() throws {
        try onLoop { loop in
            let (desk, posted) = desk(), token = RelayToken()
            desk.expect(token, now: .now())
            let first = try punch(desk, token, from: 40001, on: loop)
            #expect(endpoint(first, loop: loop) == nil, "the first waits for the second")
            let second = try punch(desk, token, from: 40002, on: loop)
            #expect(endpoint(second, loop: loop) == "127.0.0.1:40001")
            #expect(endpoint(first, loop: loop) == "127.0.0.1:40002")
            #expect(posted.all.isEmpty)
            let late = try punch(desk, token, from: 40003, on: loop)
            #expect(endpoint(late, loop: loop) == "404", "the token is used")
        }
    }

    @Test("this side first, the other at another node later: this side waits, and is answered with the other's endpoint")
    func hereFirst() throws {
        try onLoop { loop in
            let (desk, posted) = desk(), token = RelayToken()
            desk.expect(token, acrossNodes: true, now: .now())
            let here = try punch(desk, token, from: 40001, on: loop)
            #expect(endpoint(here, loop: loop) == nil)
            #expect(posted.all == [.punched(token, host: "127.0.0.1", port: 40001)], "the other node is told where this side came from")
            desk.arrivedElsewhere(token, from: .init(host: "203.0.113.9", port: 50002))
            #expect(endpoint(here, loop: loop) == "203.0.113.9:50002")
        }
    }

    @Test("the other side first, at another node: this side is answered at once, and the other node told")
    func elsewhereFirst() throws {
        try onLoop { loop in
            let (desk, posted) = desk(), token = RelayToken()
            desk.expect(token, acrossNodes: true, now: .now())
            desk.arrivedElsewhere(token, from: .init(host: "203.0.113.9", port: 50002))
            let arriving = try punch(desk, token, from: 40001, on: loop)
            #expect(endpoint(arriving, loop: loop) == "203.0.113.9:50002")
            #expect(posted.all == [.punched(token, host: "127.0.0.1", port: 40001)])
        }
    }

    @Test("news of a PUNCH elsewhere is ignored for a meeting held all here, or one this node does not expect")
    func notOurs() throws {
        try onLoop { loop in
            let (desk, _) = desk(), token = RelayToken()
            desk.expect(token, now: .now())
            let here = try punch(desk, token, from: 40001, on: loop)
            desk.arrivedElsewhere(token, from: .init(host: "203.0.113.9", port: 50002))
            desk.arrivedElsewhere(RelayToken(), from: .init(host: "203.0.113.9", port: 50003))
            #expect(endpoint(here, loop: loop) == nil, "still waiting for its own other side")
            let second = try punch(desk, token, from: 40002, on: loop)
            #expect(endpoint(second, loop: loop) == "127.0.0.1:40001")
        }
    }

    @Test("a token sent again while its first side waits does not strand that side: it is answered, or times out with 408")
    func tokenAgain() throws {
        try onLoop { loop in
            let (desk, _) = desk(), token = RelayToken()
            desk.expect(token, now: .now())
            let first = try punch(desk, token, from: 40001, on: loop)
            desk.expect(token, now: .now())
            let second = try punch(desk, token, from: 40002, on: loop)
            #expect(endpoint(second, loop: loop) == "127.0.0.1:40001")
            #expect(endpoint(first, loop: loop) == "127.0.0.1:40002")

            let lonely = RelayToken()
            desk.expect(lonely, now: .now())
            let waiting = try punch(desk, lonely, from: 40003, on: loop)
            desk.expect(lonely, now: .now())
            loop.advanceTime(by: PunchDesk.wait)
            #expect(endpoint(waiting, loop: loop) == "408")
        }
    }
}
