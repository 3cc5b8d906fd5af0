import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Where two peers behind NAT meet to punch a connection through both routers (PROTOCOL.md §5.12): each
/// sends `PUNCH` with the token of a `CONNECT PEER` the index passed on, on a new connection from the port
/// it will punch from, and each is answered with the address and port the index saw the other come from.
///
/// In a cluster the two peers may be connected to different nodes, and each punches at its own. Then each
/// node tells the other where its side came from (``RelayNotice/punched(_:host:port:)``), and a side is
/// answered when the other's endpoint is known, whichever node saw it.
final class PunchDesk: Sendable {
    /// How long the first side waits for the second (and a token stays good after CONNECT PEER).
    static let wait: TimeAmount = .seconds(15)

    /// An address and port as the index sees them.
    struct Endpoint: Sendable, Equatable {
        var host: String
        var port: Int
    }

    private struct Meeting {
        var expires: NIODeadline
        /// The other side punches at another node of the cluster.
        var acrossNodes: Bool
        /// The side that came here first, waiting for the other.
        var first: (endpoint: Endpoint, answer: EventLoopPromise<Endpoint>)?
        /// The other side's endpoint, as another node saw it.
        var remote: Endpoint?
    }

    private let meetings = NIOLockedValueBox<[RelayToken: Meeting]>([:])
    private let outlet: RelayOutlet

    init(outlet: RelayOutlet) { self.outlet = outlet }

    /// A meeting for `token` is on (the index just asked the source to punch, or another node did and the
    /// source is a peer of this one): `acrossNodes` when the two sides punch at different nodes.
    ///
    /// A meeting already under way for the same token (an asker that sent one token twice) goes on as it is:
    /// its waiting side is answered by the other or by its timeout, never left hanging.
    func expect(_ token: RelayToken, acrossNodes: Bool = false, now: NIODeadline) {
        meetings.withLockedValue { meetings in
            meetings = meetings.filter { $0.value.expires > now || $0.value.first != nil }
            guard meetings[token]?.first == nil else { return }
            meetings[token] = Meeting(expires: now + Self.wait, acrossNodes: acrossNodes)
        }
    }

    /// The answer to `PUNCH` from `endpoint`: the other side's endpoint, once it has come; nil for any other
    /// request.
    func answer(_ request: Request, from endpoint: SocketAddress?, on loop: any EventLoop)
        -> EventLoopFuture<IndexRequestProcessor.Outcome>? {
        guard case .punch(let token) = request else { return nil }
        @Sendable func outcome(_ response: Response) -> IndexRequestProcessor.Outcome { .init(response: response, event: nil) }
        guard let port = endpoint?.port,
              let other = arrive(token, from: Endpoint(host: IndexConnectionHandler.hostText(endpoint), port: port), on: loop)
        else {
            return loop.makeSucceededFuture(outcome(.failure(.notFound, .shoal, reason: "no meeting for that token (unknown, used or expired)")))
        }
        return other.map { other in
            outcome(Response(.shoal, .ok, headers: ["Host": other.host, "Port": String(other.port)]))
        }.recover { _ in
            outcome(.failure(.requestTimeout, .shoal, reason: "the other peer did not come to punch within \(Self.wait.nanoseconds / 1_000_000_000) s"))
        }
    }

    /// The other side of a meeting punched at another node, from `endpoint`: the side waiting here is
    /// answered with it, or it is kept for this side. Tokens this node expects no meeting for are not its.
    func arrivedElsewhere(_ token: RelayToken, from endpoint: Endpoint) {
        let waiting = meetings.withLockedValue { meetings -> EventLoopPromise<Endpoint>? in
            guard var meeting = meetings[token], meeting.acrossNodes, meeting.remote == nil else { return nil }
            if let first = meeting.first {
                meetings[token] = nil
                return first.answer
            }
            meeting.remote = endpoint
            meetings[token] = meeting
            return nil
        }
        waiting?.succeed(endpoint)
    }

    /// The other side's endpoint: at once for the second to come, when the second comes for the first.
    private func arrive(_ token: RelayToken, from endpoint: Endpoint, on loop: any EventLoop) -> EventLoopFuture<Endpoint>? {
        let now = NIODeadline.now()
        let (other, tellOthers) = meetings.withLockedValue { meetings -> (EventLoopFuture<Endpoint>?, Bool) in
            guard let meeting = meetings[token], meeting.expires > now || meeting.first != nil else { return (nil, false) }
            if let first = meeting.first {
                meetings[token] = nil
                first.answer.succeed(endpoint)
                return (loop.makeSucceededFuture(first.endpoint), false)
            }
            if let remote = meeting.remote {
                meetings[token] = nil
                return (loop.makeSucceededFuture(remote), true)
            }
            let answer = loop.makePromise(of: Endpoint.self)
            meetings[token]?.first = (endpoint, answer)
            let meetingsBox = self.meetings
            loop.scheduleTask(in: Self.wait) {
                // Only this side's meeting, still waiting: one answered meanwhile is gone, or is another's.
                let waiting = meetingsBox.withLockedValue { meetings -> Bool in
                    guard meetings[token]?.first?.answer.futureResult === answer.futureResult else { return false }
                    meetings[token] = nil
                    return true
                }
                if waiting { answer.fail(PunchTimeout()) }
            }
            return (answer.futureResult, meeting.acrossNodes)
        }
        if tellOthers { outlet.post(.punched(token, host: endpoint.host, port: endpoint.port)) }
        return other
    }

    private struct PunchTimeout: Error {}
}
