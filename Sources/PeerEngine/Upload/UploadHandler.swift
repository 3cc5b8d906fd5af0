import Foundation
import Logging
import Model
import NIOCore
import NIOPosix
import Trust
import Wire

/// One connection to the upload server. Serves only files in the catalog, looked up by hash or RFC number:
/// a request never becomes a path. Answers one request at a time, in order; a file goes out as
/// `FileRegion`s (sendfile) of at most 1 MiB, paced by the rate limit when one is set. An upload slot is
/// held from the connection's first GET FILE until it closes, so a downloader keeps its slot between chunks.
///
/// What one connection may cost is bounded (``UploadGuards``): it is admitted only under the connection
/// counts; nothing more is read while a file is being sent, while the peer does not read the answers
/// (back-pressure) or while 64 KiB of requests wait; a request, an idle connection and a send that makes no
/// progress each have a timeout; a file that shrinks while it is sent ends the connection.
final class UploadHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private let context: UploadContext
    private var parser = FrameParser(role: .request, limits: WireLimits(maximumLineLength: 8192, maximumHeaderCount: 32,
                                                                        maximumBodyLength: 64 * 1024))
    private var pending: ByteBuffer?
    private var busy = false
    private var closing = false
    /// The downloader half-closed: the connection closes once what it asked for is answered.
    private var inputClosed = false
    private var remote = "unknown"
    private var admitted = false
    private var holdsSlot = false
    private var readHeld = false
    private var clock: UploadConnectionClock?
    private var timer: Scheduled<Void>?
    private var armedDeadline: NIODeadline?
    /// While a file is sent: checked at every timer turn, so a file cut short ends the send at once.
    private var sending: (handle: NIOFileHandle, end: Int, name: String)?
    /// Told by ``TLSSniffer``: over TLS, files go out as encrypted buffers instead of file regions.
    private var security = LinkSecurity.plaintext

    init(context: UploadContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        remote = context.remoteAddress?.ipAddress ?? "unknown"
        let refusal: (status: StatusCode, reason: String)?
        switch self.context.admission.admit(remote) {
        case .admitted: refusal = nil
        case .serverFull: refusal = (.serviceUnavailable, "\(self.context.guards.maximumConnections) upload connections already open")
        case .addressFull: refusal = (.tooManyRequests, "\(self.context.guards.connectionsPerAddress) upload connections from \(remote) already open")
        }
        if let refusal {
            self.context.logger.info("refused an upload connection from \(remote): \(refusal.reason)")
            respond(.failure(refusal.status, .classic, reason: refusal.reason), context: context)
            close(context: context)
        } else {
            admitted = true
            clock = UploadConnectionClock(guards: self.context.guards, now: context.eventLoop.now)
            armTimer(context: context)
        }
        context.fireChannelActive()
    }

    /// Removed from a connection that stays open: handed over to a download (``GiveReceiver``), so no
    /// longer an upload connection.
    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        if admitted {
            admitted = false
            self.context.admission.release(remote)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handlerRemoved(context: context)
        if holdsSlot {
            holdsSlot = false
            self.context.limits.releaseSlot()
            self.context.logger.debug("upload connection from \(remote) closed; its slot is free")
        }
        pending = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        guard !closing else { return }
        if pending == nil { pending = bytes } else { pending!.writeBuffer(&bytes) }
        processNext(context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let security = event as? LinkSecurity { return self.security = security }
        guard let event = event as? ChannelEvent, event == .inputClosed else { return context.fireUserInboundEventTriggered(event) }
        inputClosed = true
        processNext(context: context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { processNext(context: context) }
        context.fireChannelWritabilityChanged()
    }

    /// Back-pressure: the socket is read only while nothing is being sent, the peer reads our answers, and
    /// few request bytes wait.
    func read(context: ChannelHandlerContext) {
        if mayRead(context: context) { context.read() } else { readHeld = true }
    }

    private func mayRead(context: ChannelHandlerContext) -> Bool {
        closing || (!busy && context.channel.isWritable && (pending?.readableBytes ?? 0) < self.context.guards.maximumPendingBytes)
    }

    private func processNext(context: ChannelHandlerContext) {
        while !busy, !closing, context.channel.isWritable, var buffer = pending {
            let event = parser.next(from: &buffer)
            pending = buffer.readableBytes > 0 ? buffer : nil
            guard let event else { break }
            clock?.activity(at: context.eventLoop.now)
            switch event {
            case .malformed(let error, let version):
                respond(.failure(error.status, version, reason: error.reason), context: context)
                close(context: context)
            case .frame(let frame):
                handle(frame, context: context)
            }
        }
        // Half-closed and nothing under way: what is left is at most a request that can never be completed.
        if inputClosed, !busy { return close(context: context) }
        clock?.partialMessage(parser.isMidMessage || (pending?.readableBytes ?? 0) > 0, at: context.eventLoop.now)
        rearmIfEarlier(context: context)
        if readHeld, mayRead(context: context) {
            readHeld = false
            context.read()
        }
    }

    private func handle(_ frame: WireFrame, context: ChannelHandlerContext) {
        if let refusal = self.context.refusal(of: frame, on: security) {
            respond(refusal, context: context)
            return close(context: context)
        }
        switch self.context.parser.parse(frame) {
        case .failure(let error) where frame.startLine.hasPrefix("GET ") && error.status == .badRequest && frame.version != nil:
            // A GET for anything but a shared file's hash or RFC number (a path, `..`, garbage): not here.
            // (An unsupported version keeps its 505, and a request in no P2P-CI version its 400: §2, §4.3.)
            if error.version == .classic {
                respond(Response(.classic, .notFound), context: context)
                close(context: context)
            } else {
                respond(.failure(.notFound, .shoal, reason: "only shared files are served, by hash"), context: context)
            }
        case .failure(let error):
            respond(.error(error), context: context)
            if error.version == .classic { close(context: context) }
        case .success(.getFile(let hash, let range)):
            guard let file = self.context.catalog.file(hash: hash) else {
                respond(.failure(.notFound, .shoal, reason: "\(hash.short)… is not shared here"), context: context)
                return
            }
            // The range and a slot are settled before the file is opened: a 416 or a 503 costs no open.
            guard let part = UploadPart(range, of: file.size) else {
                var failure = Response.failure(.rangeNotSatisfiable, .shoal, reason: "the file has \(file.size) bytes")
                failure.headers.append("Content-Range", "bytes */\(file.size)")
                return respond(failure, context: context)
            }
            if !holdsSlot {
                guard self.context.limits.acquireSlot() else {
                    return respond(.failure(.serviceUnavailable, .shoal, reason: "all upload slots are busy", retryAfter: 5),
                                   context: context)
                }
                holdsSlot = true
            }
            open(.content(file, part), context: context)
        case .success(.getChunks(let hash)):
            guard let file = self.context.catalog.file(hash: hash) else {
                respond(.failure(.notFound, .shoal, reason: "\(hash.short)… is not shared here"), context: context)
                return
            }
            let chunks = file.digest.chunks
            respond(Response(.shoal, .ok, headers: [
                "Chunk-Size": String(ChunkList.chunkSize), "Chunks": String(chunks.digests.count),
            ], body: .lines(chunks.wireLines)), context: context)
        case .success(.getRFC(let number, _, _)):
            guard let file = self.context.catalog.file(rfc: number) else {
                respond(Response(.classic, .notFound), context: context)
                close(context: context)
                return
            }
            // As for GET FILE, a 503 costs no open. The slot is the connection's one file's, given back after it.
            guard self.context.limits.acquireSlot() else {
                respond(Response(.classic, .serviceUnavailable), context: context)
                close(context: context)
                return
            }
            open(.classic(file, number), context: context)
        case .success(.ping):
            // The index's reachability probe (PROTOCOL.md §5.1): the answer shows the port is reachable.
            respond(Response(.shoal, .ok), context: context)
        case .success(let other):
            let reason = "\(other.name) is sent to the index, not to a peer's upload port"
            respond(.failure(.badRequest, other.version, reason: reason), context: context)
            if other.version == .classic { close(context: context) }
        }
    }

    // MARK: Serving files

    /// A file about to be served, and how.
    private enum Upload: Sendable {
        case content(SharedFile, UploadPart)
        case classic(SharedFile, Int)
    }

    /// Opens the file on the I/O pool, then serves it on the event loop. Nothing else is read meanwhile.
    private func open(_ upload: Upload, context: ChannelHandlerContext) {
        busy = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let file: SharedFile
        switch upload { case .content(let shared, _), .classic(let shared, _): file = shared }
        self.context.pool.runIfActive(eventLoop: context.eventLoop) { SharedFileOpener.open(file) }.whenComplete { result in
            let (handler, context) = bound.value
            handler.busy = false
            let handle = (try? result.get()) ?? nil
            guard !handler.closing, context.channel.isActive else {
                try? handle?.close()
                // A classic GET's slot is its file's; a GET FILE's is the connection's, freed as it closes.
                if case .classic = upload { handler.context.limits.releaseSlot() }
                return
            }
            switch upload {
            case .content(let file, let part): handler.serveFile(file, handle: handle, part: part, context: context)
            case .classic(let file, let number): handler.serveClassic(file, number: number, handle: handle, context: context)
            }
            handler.processNext(context: context)
        }
    }

    private func serveFile(_ file: SharedFile, handle: NIOFileHandle?, part: UploadPart, context: ChannelHandlerContext) {
        let hash = file.hash
        guard let handle else {
            respond(.failure(.notFound, .shoal, reason: "\(hash.short)… is not shared here"), context: context)
            return
        }
        let (size, first, last, status, headers) = (file.size, part.first, part.last, part.status, part.headers)
        let length = size == 0 ? 0 : Int(last - first + 1)
        respond(Response(.shoal, status, headers: headers, body: .external(length: length)), context: context, flush: false)
        let served = UploadStatistics.ServedRange(hash: hash, first: first, last: last)
        send(handle: handle, from: Int(first), length: length, key: .content(hash), name: file.name, size: size,
             range: served, closeAfter: false, releasesSlot: false, context: context)
    }

    private func serveClassic(_ file: SharedFile, number: Int, handle: NIOFileHandle?, context: ChannelHandlerContext) {
        guard let handle else {
            self.context.limits.releaseSlot()
            respond(Response(.classic, .notFound), context: context)
            close(context: context)
            return
        }
        let modified = Date(timeIntervalSince1970: Double(file.mtimeNanoseconds) / 1e9)
        let headers: HeaderFields = [
            "Date": ClassicDate.string(from: Date()), "OS": UploadContext.operatingSystem,
            "Last-Modified": ClassicDate.string(from: modified), "Content-Length": "0", "Content-Type": "text/plain",
        ]
        respond(Response(.classic, .ok, headers: headers, body: .external(length: Int(file.size))), context: context,
                flush: false)
        send(handle: handle, from: 0, length: Int(file.size), key: .rfc(number), name: file.name, size: file.size,
             range: nil, closeAfter: true, releasesSlot: true, context: context)
    }

    /// The largest file region written at once: progress is seen (and the stall clock restarted) per slice.
    static let unlimitedSlice = 1 << 20
    /// A slice paced by the upload rate limit.
    static let rateLimitedSlice = 256 * 1024

    /// Sends `length` bytes from `offset` as file regions of at most a slice each, paced by the rate limit.
    /// The served range is recorded only when every byte went out.
    private func send(handle: NIOFileHandle, from offset: Int, length: Int, key: FileKey, name: String, size: UInt64,
                      range: UploadStatistics.ServedRange?, closeAfter: Bool, releasesSlot: Bool,
                      context: ChannelHandlerContext) {
        busy = true
        sending = (handle, offset + length, name)
        clock?.sent(at: context.eventLoop.now)
        rearmIfEarlier(context: context)
        let remote = self.remote
        let shared = self.context
        shared.statistics.began(remote: remote, key: key, name: name, size: size)
        let slice = shared.limits.isRateLimited ? Self.rateLimitedSlice : Self.unlimitedSlice
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)

        @Sendable func finish(complete: Bool) {
            let (handler, context) = bound.value
            guard handler.busy else { return }
            try? handle.close()
            if releasesSlot { shared.limits.releaseSlot() }
            shared.statistics.finished(remote: remote, key: key, range: complete ? range : nil)
            handler.busy = false
            handler.sending = nil
            handler.clock?.sendEnded(at: context.eventLoop.now)
            if closeAfter || !complete { handler.close(context: context) } else { handler.processNext(context: context) }
        }
        @Sendable func step(_ done: Int) {
            let (handler, context) = bound.value
            guard done < length else { return finish(complete: true) }
            guard context.channel.isActive, !handler.closing else { return finish(complete: false) }
            let count = min(slice, length - done)
            @Sendable func write() {
                let (handler, context) = bound.value
                UploadSlice.read(handle, from: offset + done, count: count, encrypted: handler.security.isEncrypted, pool: shared.pool,
                                 context: context).flatMap { slice in
                    bound.value.1.writeAndFlush(bound.value.0.wrapOutboundOut(slice))
                }.whenComplete { result in
                    guard case .success = result else { return finish(complete: false) }
                    shared.statistics.sent(remote: remote, key: key, bytes: UInt64(count))
                    bound.value.0.clock?.sent(at: bound.value.1.eventLoop.now)
                    step(done + count)
                }
            }
            let delay = shared.limits.delay(before: count)
            if delay == .zero { write() } else { context.eventLoop.scheduleTask(in: delay) { write() } }
        }
        if length == 0 { context.flush() }
        step(0)
    }

    // MARK: Writing

    private func respond(_ response: Response, context: ChannelHandlerContext, flush: Bool = true) {
        var buffer = context.channel.allocator.buffer(capacity: 256)
        ResponseEncoder.encode(response, into: &buffer)
        if flush {
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
        } else {
            context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
        }
    }

    // MARK: Timeouts

    private func armTimer(context: ChannelHandlerContext) {
        guard let deadline = clock?.nextDeadline, !closing else { return }
        // While a file is sent, look every second whether it shrank (sendfile would spin on a cut file).
        let turn = sending == nil ? deadline : min(deadline, context.eventLoop.now + .seconds(1))
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        armedDeadline = turn
        timer = context.eventLoop.scheduleTask(deadline: turn) {
            let (handler, context) = bound.value
            handler.timerFired(context: context)
        }
    }

    private func rearmIfEarlier(context: ChannelHandlerContext) {
        guard let next = clock?.nextDeadline else { return }
        let wanted = sending == nil ? next : min(next, context.eventLoop.now + .seconds(1))
        if let armed = armedDeadline, armed <= wanted { return }
        timer?.cancel()
        armTimer(context: context)
    }

    private func timerFired(context: ChannelHandlerContext) {
        armedDeadline = nil
        guard let clock, !closing else { return }
        if let sending, UploadSlice.fileSize(sending.handle).map({ $0 < sending.end }) ?? true {
            self.context.logger.warning("stopped sending \(sending.name) to \(remote): the file shrank while it was being sent")
            return context.close(promise: nil)
        }
        switch clock.expired(at: context.eventLoop.now) {
        case .request?:
            self.context.logger.info("closing an upload connection from \(remote): request not completed in time")
            respond(.failure(.requestTimeout, parser.versionInProgress ?? .shoal, reason: "request not completed in time"), context: context)
            close(context: context)
        case .idle?:
            context.close(promise: nil)  // idle: nothing to answer
        case .stalled?:
            self.context.logger.info("closing an upload connection from \(remote): nothing could be sent for \(clock.guards.sendTimeout.nanoseconds / 1_000_000_000) s")
            context.close(promise: nil)
        case nil:
            armTimer(context: context)
        }
    }

    private func close(context: ChannelHandlerContext) {
        guard !closing else { return }
        closing = true
        pending = nil
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(context.channel.allocator.buffer(capacity: 0)))).whenComplete { _ in
            bound.value.close(promise: nil)
        }
    }
}
