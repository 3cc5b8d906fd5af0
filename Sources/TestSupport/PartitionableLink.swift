import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP relay on 127.0.0.1 to one address, which a test can partition: while it is cut, nothing crosses it
/// either way and nothing is closed (bytes wait in the sockets' buffers, as on a network that loses every
/// packet until it heals); healed, what waited goes through. The cluster tests put one between a node and
/// PostgreSQL.
public final class PartitionableLink: Sendable {
    /// Where to connect instead of the address behind the link.
    public let port: Int
    private let listener: any Channel
    private let state: NIOLockedValueBox<State>

    private struct State {
        var cut = false
        var channels: [any Channel] = []
    }

    public init(to host: String, port target: Int) async throws {
        let state = NIOLockedValueBox(State())
        self.state = state
        listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.autoRead, value: false)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(Relay(partner: inbound))
                        }
                    }
                    .connect(host: host, port: target)
                    .flatMap { outbound in
                        inbound.eventLoop.makeCompletedFuture {
                            try inbound.pipeline.syncOperations.addHandler(Relay(partner: outbound))
                        }.flatMap {
                            let cut = state.withLockedValue { state in
                                state.channels += [inbound, outbound]
                                return state.cut
                            }
                            guard !cut else { return inbound.eventLoop.makeSucceededVoidFuture() }
                            return inbound.setOption(.autoRead, value: true)
                                .and(outbound.setOption(.autoRead, value: true)).map { _ in }
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = listener.localAddress?.port ?? 0
    }

    /// Stops everything crossing the link, both ways, closing nothing.
    public func cut() { setReading(false) }

    /// Lets everything cross again, what waited first.
    public func heal() { setReading(true) }

    private func setReading(_ reading: Bool) {
        let channels = state.withLockedValue { state in
            state.cut = !reading
            state.channels.removeAll { !$0.isActive }
            return state.channels
        }
        for channel in channels { channel.setOption(.autoRead, value: reading).whenFailure { _ in } }
    }

    /// Closes the link and every connection through it.
    public func close() async {
        try? await listener.close()
        for channel in state.withLockedValue({ $0.channels }) { try? await channel.close() }
    }

    /// Writes what one side reads to the other; when one side closes, so does the other.
    private final class Relay: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let partner: any Channel

        init(partner: any Channel) {
            self.partner = partner
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            partner.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            partner.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
