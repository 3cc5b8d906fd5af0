import Foundation
import Logging
import Model
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle

/// Serves an ``EngineLink`` (the running peer) on a Unix socket in its state folder, so that faces in other
/// processes — `shoal` attaching its UI, `shoal get`, `search`, `list`, `browse` — reach the same engine.
///
/// The socket file is the owner's only (mode 0600, in a state folder made 0700), and every connection's
/// peer credentials are checked: another user's process is refused. One client never affects another or
/// the peer: a malformed or oversized message, a client that does not read its events (more than
/// ``ControlSocket/Limits/queueLimit`` waiting), or one that vanishes, closes that client only, with a logged reason.
public final class ControlServer: Service {
    private let link: any EngineLink
    private let path: String
    private let peerName: String
    private let logger: Logger
    private let group: any EventLoopGroup
    private let limits: ControlSocket.Limits
    private let ready: @Sendable () -> Void

    /// - Parameters:
    ///   - path: the socket file; one left by a peer that was killed is replaced (the caller holds the state
    ///     folder, so no other peer can be using it).
    ///   - peerName: how clients are told which peer this is.
    ///   - ready: called once the socket accepts connections.
    public init(link: any EngineLink, path: String, peerName: String, logger: Logger, limits: ControlSocket.Limits = .init(),
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, ready: @escaping @Sendable () -> Void = {}) {
        self.limits = limits
        self.ready = ready
        self.link = link
        self.path = path
        self.peerName = peerName
        self.logger = logger
        self.group = group
    }

    /// Serves until cancelled or shut down gracefully; then closes every client and removes the socket file.
    public func run() async throws {
        let folder = (path as NSString).deletingLastPathComponent
        chmod(folder, 0o700)
        let maximumRequest = limits.maximumRequestBytes, helloTimeout = limits.helloTimeout
        let server = try await ServerBootstrap(group: group)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .fourBytes),
                                             maximumBufferSize: maximumRequest + 4))
                    try channel.pipeline.syncOperations.addHandler(HelloDeadlineHandler(timeout: helloTimeout))
                    try channel.pipeline.syncOperations.addHandler(LengthFieldPrepender(lengthFieldBitLength: .fourBytes))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        chmod(path, 0o600)
        defer { unlink(path) }
        ready()
        logger.debug("control socket at \(path)")
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { clients in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            clients.addTask { await self.serve(connection) }
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Shut down, as asked: not a failure.
        }
    }

    // MARK: One client

    private struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let channel = connection.channel
        do {
            try await connection.executeThenClose { inbound, outbound in
                do {
                    var requests = inbound.makeAsyncIterator()
                    let client = try await greet(channel, &requests, outbound)
                    logger.info("a face attached: \(client)")
                    try await converse(client, channel, &requests, outbound)
                    logger.info("a face detached: \(client)")
                } catch let refusal as Refusal {
                    // Said to the client, then logged: the connection closes when this returns.
                    logger.notice("control client closed: \(refusal)")
                    try? await outbound.write(ControlSocket.encode(.goodbye(refusal.description), allocator: channel.allocator))
                }
                // The client sees the end now, even if a child process another thread started meanwhile holds a
                // copy of this descriptor (NIO does not open sockets close-on-exec): closing a descriptor ends the
                // connection only when its last copy goes, shutting its sending side ends it at once.
                try? await channel.close(mode: .output)
            }
        } catch is CancellationError {
        } catch {
            logger.notice("control client closed: \(error)")
        }
    }

    /// Refuses a process of another user (SO_PEERCRED).
    private func checkCredentials(of channel: any Channel) async throws {
        guard let provider = channel as? any SocketOptionProvider else { throw Refusal(description: "no peer credentials") }
        let credentials: PeerCredentials = try await provider.unsafeGetSocketOption(level: .init(rawValue: SOL_SOCKET),
                                                                                    name: .init(rawValue: SO_PEERCRED)).get()
        guard credentials.uid == getuid() else {
            throw Refusal(description: "user \(credentials.uid) may not control the peer of user \(getuid())")
        }
    }

    /// Reads the client's hello, checks who sent it, and welcomes it; returns its name. A client that says nothing within
    /// ``ControlSocket/Limits/helloTimeout`` is closed by its ``HelloDeadlineHandler``, which ends the wait.
    private func greet(_ channel: any Channel, _ requests: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
                       _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> String {
        let first = try await requests.next()
        guard let first else { throw Refusal(description: "no hello within \(limits.helloTimeout)") }
        // Checked once the hello is read: a refusal closing a connection with unread bytes would reset it,
        // and the client would lose the reason.
        try await checkCredentials(of: channel)
        guard case .hello(let version, let client) = try? ControlSocket.decode(first) else {
            throw Refusal(description: "the first message must be a hello")
        }
        guard version == ControlSocket.version else {
            throw Refusal(description: "control protocol \(version) is not spoken here; this peer speaks \(ControlSocket.version)")
        }
        try await outbound.write(ControlSocket.encode(.welcome(version: ControlSocket.version, peer: peerName), allocator: channel.allocator))
        return String(client.prefix(64))
    }

    /// Events and answers go out through one bounded queue; requests are read here until the client leaves.
    /// A client whose queue overflows is closed from the task that finds it full (which ends the reading).
    private func converse(_ client: String, _ channel: any Channel,
                          _ requests: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
                          _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        let (queue, enqueue) = AsyncStream.makeStream(of: ControlMessage.self,
                                                      bufferingPolicy: .bufferingOldest(limits.queueLimit))
        let link = self.link, logger = self.logger, queueLimit = limits.queueLimit, allocator = channel.allocator
        let overflow: @Sendable (String) -> Void = { what in
            logger.notice("control client closed: \(client) did not read its \(what) (\(queueLimit) waiting)")
            channel.close(promise: nil)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in queue { try await outbound.write(ControlSocket.encode(message, allocator: allocator)) }
            }
            group.addTask {
                for await event in link.subscribe() {
                    if case .dropped = enqueue.yield(.event(event)) { return overflow("events") }
                }
                enqueue.yield(.goodbye("the peer is stopping"))
                enqueue.finish()
            }
            defer { group.cancelAll() }
            let queries = QueryTurns(limit: limits.concurrentQueries)
            while let frame = try await requests.next() {
                let message: ControlMessage
                do { message = try ControlSocket.decode(frame) } catch {
                    throw Refusal(description: "malformed message from \(client): \(String(describing: error).prefix(200))")
                }
                switch message {
                case .command(let command):
                    await link.perform(command)
                case .query(let id, let query):
                    await queries.enter()
                    group.addTask {
                        let answer = await link.ask(query)
                        await queries.leave()
                        if case .dropped = enqueue.yield(.answer(id: id, answer)) { overflow("answers") }
                    }
                case .hello, .welcome, .answer, .event, .goodbye:
                    throw Refusal(description: "\(client) sent a message only a peer sends")
                }
            }
        }
    }
}

/// Linux's `struct ucred` (pid, uid, gid: 32 bits each), which Swift's Glibc module does not import (it is
/// declared only under `_GNU_SOURCE`): `getsockopt(SO_PEERCRED)` fills exactly these 12 bytes.
struct PeerCredentials: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
