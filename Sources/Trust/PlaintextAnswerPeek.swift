import NIOCore

/// First on a connection that starts TLS: keeps the start of what the other side sends first, and leaves.
/// When that is a P2P-CI refusal written before any handshake (403 banned, 429 too many connections from
/// this address, 503 full), the TLS failure says so, with the line, instead of "does not speak TLS", and no
/// plaintext is tried. Any other plaintext answer (a classic index's 400) still means "does not speak TLS".
final class PlaintextAnswerPeek: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let waiter: HandshakeWaiter

    init(waiter: HandshakeWaiter) { self.waiter = waiter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Self.unwrapInboundIn(data)
        let start = String(decoding: bytes.readableBytesView.prefix(200), as: UTF8.self)
        let lines = start.split(separator: "\r\n")
        let status = lines.first?.split(separator: " ").dropFirst().first
        if start.hasPrefix("P2P-CI/"), let status, ["403", "429", "503"].contains(status) {
            // A classic-shaped answer has no Reason: what each status means at accept (PROTOCOL.md §7).
            let meaning = ["403": "this address is banned there", "429": "too many connections from this address",
                           "503": "it is full"][String(status)] ?? ""
            let reason = lines.first { $0.hasPrefix("Reason: ") }.map { String($0.dropFirst(8)) } ?? meaning
            waiter.plaintextAnswer = String(lines.first ?? "") + " (\(reason))"
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
