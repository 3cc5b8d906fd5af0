import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Where two peers behind NAT meet to punch a connection through both routers (PROTOCOL.md §5.12): each
/// sends `PUNCH` with the token of a `CONNECT PEER` the index passed on, on a new connection from the port
/// it will punch from, and each is answered with the address and port the index saw the other come from.
final class PunchDesk: Sendable {
    /// How long the first side waits for the second (and a token stays good after CONNECT PEER).
    static let wait: TimeAmount = .seconds(15)

    /// An address and port as the index sees them.
    struct Endpoint: Sendable {
        var host: String
        var port: Int
    }

    private struct Meeting {
        var expires: NIODeadline
        var first: (endpoint: Endpoint, answer: EventLoopPromise<Endpoint>)?
    }

    private let meetings = NIOLockedValueBox<[RelayToken: Meeting]>([:])

    /// A meeting for `token` is on (the index just asked the source to punch).
    func expect(_ token: RelayToken, now: NIODeadline) {
        meetings.withLockedValue { meetings in
            meetings = meetings.filter { $0.value.expires > now || $0.value.first != nil }
            meetings[token] = Meeting(expires: now + Self.wait)
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

    /// The other side's endpoint: at once for the second to come, when the second comes for the first.
    private func arrive(_ token: RelayToken, from endpoint: Endpoint, on loop: any EventLoop) -> EventLoopFuture<Endpoint>? {
        let now = NIODeadline.now()
        return meetings.withLockedValue { meetings -> EventLoopFuture<Endpoint>? in
            guard let meeting = meetings[token], meeting.expires > now || meeting.first != nil else { return nil }
            if let first = meeting.first {
                meetings[token] = nil
                first.answer.succeed(endpoint)
                return loop.makeSucceededFuture(first.endpoint)
            }
            let answer = loop.makePromise(of: Endpoint.self)
            meetings[token]?.first = (endpoint, answer)
            let meetingsBox = self.meetings
            loop.scheduleTask(in: Self.wait) {
                if meetingsBox.withLockedValue({ $0.removeValue(forKey: token) }) != nil { answer.fail(PunchTimeout()) }
            }
            return answer.futureResult
        }
    }

    private struct PunchTimeout: Error {}
}
