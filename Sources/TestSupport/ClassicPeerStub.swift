import Foundation
import NIOCore
import NIOPosix

/// A classic P2P-CI/1.0 upload server as course implementations wrote it: answers one `GET RFC n` with
/// the five headers and the file, then closes. Serves fixed documents from memory.
public final class ClassicPeerStub: Sendable {
    public let port: Int
    private let channel: any Channel

    /// `requiredHost`: like the stricter course implementations, answer 400 unless `Host:` names this peer
    /// as it is asked (the host of its record).
    /// `stalls`: accept connections and never answer (a peer that hangs).
    public init(documents: [Int: String], requiredHost: String? = nil, stalls: Bool = false) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StubHandler(documents: documents, requiredHost: requiredHost,
                                                                                stalls: stalls))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    public func stop() async { try? await channel.close() }

    private final class StubHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let documents: [Int: String]
        let requiredHost: String?
        let stalls: Bool

        init(documents: [Int: String], requiredHost: String?, stalls: Bool) {
            self.documents = documents
            self.requiredHost = requiredHost
            self.stalls = stalls
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            guard text.contains("\r\n\r\n"), !stalls else { return }
            let number = text.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } ?? -1
            let host = text.split(separator: "\r\n").first { $0.hasPrefix("Host:") }?.dropFirst(5).trimmingCharacters(in: .whitespaces)
            let answer: String
            if let requiredHost, host != requiredHost {
                answer = "P2P-CI/1.0 400 Bad Request\r\n\r\n"
            } else if let body = documents[number] {
                answer = "P2P-CI/1.0 200 OK\r\nDate: Tue, 24 Nov 2026 21:16:40 GMT\r\nOS: Stub 1.0\r\n"
                    + "Last-Modified: Tue, 24 Nov 2026 20:00:00 GMT\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Content-Type: text/plain\r\n\r\n" + body
            } else {
                answer = "P2P-CI/1.0 404 Not Found\r\n\r\n"
            }
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: answer))).whenComplete { _ in
                bound.value.close(promise: nil)
            }
        }
    }
}
