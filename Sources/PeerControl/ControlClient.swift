import Foundation
import Model
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOPosix
import PeerEngine

/// A face's ``EngineLink`` to a peer that runs in another process (`shoal serve`, or another window's UI),
/// through the control socket in its state folder. Events are handed to this process's subscribers (each
/// gets the present state first, as in the peer); queries are matched to their answers by id.
public final class ControlClient: EngineLink {
    /// Why connecting failed.
    public enum ConnectError: Error, CustomStringConvertible {
        /// No peer listens on the socket (none runs, or it was killed and left its file).
        case noPeer
        /// The peer refused this client, saying why.
        case refused(String)

        public var description: String {
            switch self {
            case .noPeer: return "no peer is running there"
            case .refused(let reason): return "the peer refused: \(reason)"
            }
        }
    }

    /// The peer's name, as its welcome gave it.
    public let peerName: String
    private let channel: any Channel
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private let hub = EngineEventHub()
    private let pending = NIOLockedValueBox(Pending())
    /// Completed when the conversation task has let the connection go.
    private let ended: EventLoopFuture<Void>

    private struct Pending {
        var nextID: UInt64 = 1
        var answers: [UInt64: EventLoopPromise<QueryAnswer>] = [:]
        /// Set once the connection is gone: why.
        var closed: String?
    }

    /// Connects to the peer whose control socket is at `path` and says hello as `client`.
    /// - Throws: ``ConnectError/noPeer`` when nothing listens there; ``ConnectError/refused(_:)``.
    public static func connect(path: String, client: String,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ControlClient {
        let connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            connection = try await ClientBootstrap(group: group).connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .fourBytes),
                                             maximumBufferSize: ControlSocket.maximumMessageBytes + 4))
                    try channel.pipeline.syncOperations.addHandler(LengthFieldPrepender(lengthFieldBitLength: .fourBytes))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            throw ConnectError.noPeer
        }
        return try await withCheckedThrowingContinuation { (ready: CheckedContinuation<ControlClient, any Error>) in
            // The conversation runs in one task that owns the connection (executeThenClose); it hands the
            // client out once the peer has welcomed it.
            // The task ends when the connection closes (``close()``, or the peer going away).
            let started = NIOLockedValueBox<ControlClient?>(nil)
            let ended = connection.channel.eventLoop.makePromise(of: Void.self)
            Task {
                defer { ended.succeed(()) }
                do {
                    try await connection.executeThenClose { inbound, outbound in
                        let allocator = connection.channel.allocator
                        try await outbound.write(ControlSocket.encode(.hello(version: ControlSocket.version, client: client),
                                                                      allocator: allocator))
                        var frames = inbound.makeAsyncIterator()
                        guard let first = try await frames.next() else { throw ConnectError.noPeer }
                        switch try ControlSocket.decode(first) {
                        case .welcome(_, let peer):
                            let made = ControlClient(peerName: peer, channel: connection.channel, outbound: outbound,
                                                     ended: ended.futureResult)
                            started.withLockedValue { $0 = made }
                            ready.resume(returning: made)
                            await made.receive(&frames)
                        case .goodbye(let reason):
                            throw ConnectError.refused(reason)
                        default:
                            throw ConnectError.refused("the peer did not welcome this client")
                        }
                    }
                } catch {
                    if started.withLockedValue({ $0 }) == nil { ready.resume(throwing: error) }
                }
            }
        }
    }

    private init(peerName: String, channel: any Channel, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                 ended: EventLoopFuture<Void>) {
        self.peerName = peerName
        self.channel = channel
        self.outbound = outbound
        self.ended = ended
    }

    /// Reads until the peer closes: events to the subscribers, answers to whoever asked.
    private func receive(_ frames: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async {
        var reason = "the peer closed the connection"
        do {
            while let frame = try await frames.next() {
                switch try ControlSocket.decode(frame) {
                case .event(let event): hub.emit(event)
                case .answer(let id, let answer): pending.withLockedValue { $0.answers.removeValue(forKey: id) }?.succeed(answer)
                case .goodbye(let why): reason = why
                case .hello, .welcome, .command, .query: reason = "the peer sent a message only a client sends"
                }
            }
        } catch {
            reason = "the connection to the peer failed: \(error)"
        }
        let waiting = pending.withLockedValue { state in
            state.closed = reason
            defer { state.answers = [:] }
            return Array(state.answers.values)
        }
        for answer in waiting { answer.succeed(.failed(QueryFailure(.engineStopped, reason))) }
        hub.finish()
    }

    /// Why the connection ended, once it has.
    public var endReason: String? { pending.withLockedValue { $0.closed } }

    public func subscribe() -> AsyncStream<EngineEvent> { hub.subscribe() }

    public func perform(_ command: EngineCommand) async {
        try? await outbound.write(ControlSocket.encode(.command(command), allocator: channel.allocator))
    }

    public func ask(_ query: EngineQuery) async -> QueryAnswer {
        let answer = channel.eventLoop.makePromise(of: QueryAnswer.self)
        let id: UInt64? = pending.withLockedValue { state in
            if state.closed != nil { return nil }
            defer { state.nextID += 1 }
            state.answers[state.nextID] = answer
            return state.nextID
        }
        guard let id else {
            answer.succeed(.failed(QueryFailure(.engineStopped, endReason ?? "not connected")))
            return .failed(QueryFailure(.engineStopped, endReason ?? "not connected"))
        }
        do {
            try await outbound.write(ControlSocket.encode(.query(id: id, query), allocator: channel.allocator))
        } catch {
            pending.withLockedValue { $0.answers.removeValue(forKey: id) }?
                .succeed(.failed(QueryFailure(.engineStopped, "the peer cannot be reached: \(error)")))
        }
        return (try? await answer.futureResult.get()) ?? .failed(QueryFailure(.engineStopped, "no answer"))
    }

    /// Closes the connection (the peer goes on), and returns once it is let go: a process may exit then
    /// without leaving a socket behind.
    public func close() async {
        try? await channel.close()
        try? await ended.get()
    }
}
