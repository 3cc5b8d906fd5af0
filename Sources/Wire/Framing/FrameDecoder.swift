import NIOCore

/// The NIO face of ``FrameParser``: put it in a `ByteToMessageHandler` to turn bytes into ``FrameEvent``s.
public struct FrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = FrameEvent

    public private(set) var parser: FrameParser

    public init(role: FrameParser.Role, limits: WireLimits = .index) {
        parser = FrameParser(role: role, limits: limits)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = parser.next(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(event))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        while let event = parser.next(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(event))
        }
        return .needMoreData
    }
}
