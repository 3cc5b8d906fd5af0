import NIOCore
import Wire

/// One connection of the load generator: sends requests one at a time (or a batch at a time) and times the
/// answers, on its own event loop. Answers are framed by Shoal's own ``FrameDecoder`` (added before this handler).
final class LoadConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = FrameEvent
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Job {
        case exchange(remaining: ArraySlice<ByteBuffer>, done: EventLoopPromise<Void>)
        case measure(requests: [ByteBuffer], next: Int, depth: Int, awaiting: Int, until: NIODeadline, sentAt: NIODeadline,
                     latencies: [UInt32], done: EventLoopPromise<[UInt32]>)
    }

    private var job: Job?

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let command = event as? LoadCommand else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        promise?.succeed()
        switch command {
        case .exchange(let requests, let done):
            guard let first = requests.first else { return done.succeed() }
            job = .exchange(remaining: requests.dropFirst(), done: done)
            context.writeAndFlush(wrapOutboundOut(first), promise: nil)
        case .measure(let requests, let start, let depth, let until, let done):
            var latencies: [UInt32] = []
            latencies.reserveCapacity(1 << 16)
            job = .measure(requests: requests, next: start + depth, depth: depth, awaiting: depth, until: until, sentAt: .now(),
                           latencies: latencies, done: done)
            send(requests, from: start, count: depth, context: context)
        }
    }

    /// Writes `count` requests from `first` (cycling) in one flush.
    private func send(_ requests: [ByteBuffer], from first: Int, count: Int, context: ChannelHandlerContext) {
        for index in first..<(first + count) { context.write(wrapOutboundOut(requests[index % requests.count]), promise: nil) }
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let job else { return }
        guard case .frame(let frame) = unwrapInboundIn(data), frame.startLine.split(separator: " ").dropFirst().first?.first == "2" else {
            fail(LoadFailure(description: "unexpected answer: \(unwrapInboundIn(data))"))
            return
        }
        switch job {
        case .exchange(let remaining, let done):
            guard let next = remaining.first else {
                self.job = nil
                return done.succeed()
            }
            self.job = .exchange(remaining: remaining.dropFirst(), done: done)
            context.writeAndFlush(wrapOutboundOut(next), promise: nil)
        case .measure(let requests, let next, let depth, let awaiting, let until, let sentAt, var latencies, let done):
            self.job = nil  // gives up the array's other reference, so the append below does not copy it
            guard awaiting == 1 else {
                self.job = .measure(requests: requests, next: next, depth: depth, awaiting: awaiting - 1, until: until,
                                    sentAt: sentAt, latencies: latencies, done: done)
                return
            }
            let now = NIODeadline.now()
            latencies.append(contentsOf: repeatElement(UInt32(clamping: (now - sentAt).nanoseconds / 1000), count: depth))
            guard now < until else { return done.succeed(latencies) }
            self.job = .measure(requests: requests, next: next + depth, depth: depth, awaiting: depth, until: until, sentAt: now,
                                latencies: latencies, done: done)
            send(requests, from: next, count: depth, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(LoadFailure(description: "the index closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        switch job {
        case .exchange(_, let done): done.fail(error)
        case .measure(_, _, _, _, _, _, _, let done): done.fail(error)
        case nil: break
        }
        job = nil
    }
}
