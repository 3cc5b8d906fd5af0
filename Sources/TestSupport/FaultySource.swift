import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PeerEngine
import Wire

/// A Shoal upload server that misbehaves on purpose: it answers GET CHUNKS honestly, then on every
/// GET FILE sends the head and half the bytes and either closes the connection (mid-chunk) or goes
/// silent (a stall). It registers its file with the index like a real peer.
///
/// Not Sendable: one test owns it (its index connection is a ``RawClient``).
public final class FaultySource {
    public enum Fault: Sendable, Equatable {
        case closeMidChunk
        case stall
        /// Honest about what it serves: every request answered in full (with `claiming`, an impostor).
        case none
        /// Silent from the first request on: not even the chunk list is answered.
        case stallEverything
        /// Every GET FILE is answered with a `Content-Length` of a terabyte, then bytes and more bytes.
        case hugeBody
        /// Honest for the first `files` GET FILE requests, silent from then on: a download that has exactly
        /// that many chunks, whatever the machine's speed.
        case stallAfter(files: Int)

        /// Whether a GET FILE it answers at all is answered in full.
        var answersInFull: Bool {
            switch self {
            case .none, .stallAfter: return true
            case .closeMidChunk, .stall, .stallEverything, .hugeBody: return false
            }
        }
    }

    public let port: Int
    private let channel: any Channel
    private let requests = NIOLockedValueBox(0)
    private let index: RawClient

    /// GET FILE requests it has received.
    public var fileRequests: Int { requests.withLockedValue { $0 } }

    /// `claiming`: announce the id of these bytes instead (an impostor: it serves `bytes` under another file's
    /// name and id), with a chunk list of its own that agrees with its bytes, or with `claimed`'s true chunk
    /// list when `servingTrueList`.
    public init(file bytes: [UInt8], name: String, fault: Fault, indexPort: Int, claiming real: [UInt8]? = nil,
                servingTrueList: Bool = false) async throws {
        let digest = FileHasher.digest(of: bytes)
        let list = servingTrueList ? real.map { FileHasher.digest(of: $0).chunks } ?? digest.chunks : digest.chunks
        let requests = self.requests
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        Handler(bytes: bytes, list: list, fault: fault, requests: requests))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        self.channel = channel
        port = channel.localAddress?.port ?? 0
        let hash = real.map { FileHasher.digest(of: $0).hash } ?? digest.hash
        let client = try await RawClient.connect(port: indexPort)
        try await client.send("HELLO P2P-CI/2.1\r\nPort: \(port)\r\nName: faulty\r\n\r\n")
        _ = try await client.response()
        let line = "\(hash.hex) \(bytes.count) \(name)\r\n"
        try await client.send("ADD FILES P2P-CI/2.1\r\nContent-Length: \(line.utf8.count)\r\n\r\n" + line)
        _ = try await client.response()
        index = client
    }

    public func stop() async {
        await index.close()
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let bytes: [UInt8]
        let list: ChunkList
        let fault: Fault
        let requests: NIOLockedValueBox<Int>

        init(bytes: [UInt8], list: ChunkList, fault: Fault, requests: NIOLockedValueBox<Int>) {
            self.bytes = bytes
            self.list = list
            self.fault = fault
            self.requests = requests
        }

        /// Bytes of a request not yet complete (requests can be split across reads).
        let unread = NIOLockedValueBox("")

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text: String = unread.withLockedValue { unread in
                unread += String(buffer: unwrapInboundIn(data))
                guard let end = unread.range(of: "\r\n\r\n", options: .backwards) else { return "" }
                let complete = String(unread[..<end.upperBound])
                unread = String(unread[end.upperBound...])
                return complete
            }
            for request in text.components(separatedBy: "\r\n\r\n") where !request.isEmpty {
                if request.hasPrefix("PING") {
                    // The index's reachability probe: answered like any live upload server, whatever the fault.
                    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: "P2P-CI/2.1 200 OK\r\n\r\n")), promise: nil)
                    continue
                }
                if fault == .stallEverything { return }
                if request.hasPrefix("GET CHUNKS") {
                    let body = list.wireLines.map { $0 + "\r\n" }.joined()
                    let head = "P2P-CI/2.1 200 OK\r\nChunk-Size: \(ChunkList.chunkSize)\r\nChunks: \(list.digests.count)\r\n"
                        + "Content-Length: \(body.utf8.count)\r\n\r\n"
                    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: head + body)), promise: nil)
                } else if request.hasPrefix("GET FILE"), fault == .hugeBody {
                    requests.withLockedValue { $0 += 1 }
                    var answer = context.channel.allocator.buffer(string: "P2P-CI/2.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n")
                    answer.writeRepeatingByte(0x41, count: 2 * ChunkList.chunkSize)
                    context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
                    return
                } else if request.hasPrefix("GET FILE") {
                    let asked = requests.withLockedValue { $0 += 1; return $0 }
                    if case .stallAfter(let files) = fault, asked > files { return }
                    let range = request.components(separatedBy: "bytes=").last?.split(separator: "-").compactMap { Int($0.prefix { $0.isNumber }) } ?? []
                    let first = range.first ?? 0, last = range.count > 1 ? range[1] : bytes.count - 1
                    let length = last - first + 1
                    var answer = context.channel.allocator.buffer(
                        string: "P2P-CI/2.1 206 Partial Content\r\nContent-Range: bytes \(first)-\(last)/\(bytes.count)\r\n"
                            + "Content-Length: \(length)\r\n\r\n")
                    answer.writeBytes(bytes[first..<(first + (fault.answersInFull ? length : length / 2))])
                    context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
                    if fault.answersInFull { continue }
                    if fault == .closeMidChunk { context.close(promise: nil) }
                    return
                }
            }
        }
    }
}
