import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Wire

/// A classic P2P-CI/1.0 index as course implementations wrote it, with their quirks as options: what it does
/// with a P2P-CI/2.1 request, whether its records start under the status line, whether a 200 ends with an
/// empty line. Like all three public course implementations, it answers the first request of a read and drops
/// the rest (a pipelined request is lost). It keeps records per connection and drops them when the connection closes. Written from the
/// assignment's text, not with Shoal's parser, so that it disagrees where a real classic index would.
public final class ClassicIndexStub: Sendable {
    /// The ways real classic indexes differ (see the notes on the classic protocol).
    public struct Quirks: Sendable, CustomStringConvertible {
        /// What it answers to a request in another version (HELLO P2P-CI/2.1).
        public enum OtherVersion: Sendable { case answer505, answer400, close }
        public var otherVersion: OtherVersion = .answer505
        /// Records right under the status line, with no empty line between (the assignment's ADD example).
        public var recordsUnderStatusLine = false
        /// A 200 ends with the last record's line feed, with no empty line after it.
        public var noEmptyLineAtEnd = false
        /// LOOKUP and LIST without `Host` and `Port` headers are 400.
        public var requiresHostAndPort = true
        /// Record lines without the leading `RFC` (`2616 title host port`).
        public var recordsWithoutRFC = false
        /// One more CRLF after every error answer.
        public var extraLineAfterErrors = false
        /// LIST ALL on an empty index is a 200 with no records (else 404).
        public var emptyListIsOK = false

        public init(otherVersion: OtherVersion = .answer505, recordsUnderStatusLine: Bool = false,
                    noEmptyLineAtEnd: Bool = false, requiresHostAndPort: Bool = true, recordsWithoutRFC: Bool = false,
                    extraLineAfterErrors: Bool = false, emptyListIsOK: Bool = false) {
            self.otherVersion = otherVersion
            self.recordsUnderStatusLine = recordsUnderStatusLine
            self.noEmptyLineAtEnd = noEmptyLineAtEnd
            self.requiresHostAndPort = requiresHostAndPort
            self.recordsWithoutRFC = recordsWithoutRFC
            self.extraLineAfterErrors = extraLineAfterErrors
            self.emptyListIsOK = emptyListIsOK
        }

        public var description: String {
            var text = "\(otherVersion)"
            for (on, name) in [(recordsUnderStatusLine, "records under status"), (noEmptyLineAtEnd, "no end line"),
                               (recordsWithoutRFC, "no RFC token"), (extraLineAfterErrors, "extra CRLF"),
                               (emptyListIsOK, "empty list 200")] where on { text += ", " + name }
            return text
        }
    }

    public let port: Int
    private let channel: any Channel
    private let store: Store

    /// `preloaded`: records that belong to no connection (as if peers had added them and stayed).
    public init(quirks: Quirks = Quirks(), preloaded: [ClassicRecordLine] = []) async throws {
        let store = Store(preloaded: preloaded)
        self.store = store
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(quirks: quirks, store: store))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        port = channel.localAddress?.port ?? 0
    }

    /// Every record now held, newest first.
    public var records: [ClassicRecordLine] { store.records.withLockedValue { $0.map(\.line) } }

    /// How many requests in another version it has seen (HELLO, PING).
    public var otherVersionRequests: Int { store.otherVersion.withLockedValue { $0 } }

    public func stop() async { try? await channel.close() }

    private final class Store: Sendable {
        let records: NIOLockedValueBox<[(owner: ObjectIdentifier?, line: ClassicRecordLine)]>
        let otherVersion = NIOLockedValueBox(0)

        init(preloaded: [ClassicRecordLine]) { records = NIOLockedValueBox(preloaded.map { (nil, $0) }) }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let quirks: Quirks
        let store: Store
        var pending = ""

        init(quirks: Quirks, store: Store) {
            self.quirks = quirks
            self.store = store
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += String(buffer: unwrapInboundIn(data))
            guard let end = pending.range(of: "\r\n\r\n") else { return }
            let request = String(pending[..<end.lowerBound])
            pending = ""  // what came after the first request in this read is dropped, as classic indexes do
            guard let answer = answer(request, owner: ObjectIdentifier(context.channel)) else {
                context.close(promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: answer)), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            let owner = ObjectIdentifier(context.channel)
            store.records.withLockedValue { $0.removeAll { $0.owner == owner } }
            context.fireChannelInactive()
        }

        /// The answer's text; nil to close the connection instead.
        private func answer(_ request: String, owner: ObjectIdentifier) -> String? {
            let lines = request.split(separator: "\r\n", omittingEmptySubsequences: false)
            let words = (lines.first ?? "").split(separator: " ").map(String.init)
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            guard words.last == "P2P-CI/1.0" else {
                store.otherVersion.withLockedValue { $0 += 1 }
                switch quirks.otherVersion {
                case .answer505: return error("505 P2P-CI Version Not Supported")
                case .answer400: return error("400 Bad Request")
                case .close: return nil
                }
            }
            let number = words.count == 4 ? Int(words[2]) : nil
            let hasSender = headers["Host"] != nil && headers["Port"].flatMap { Int($0) } != nil
            switch (words.first, words.dropFirst().first) {
            case ("ADD", "RFC"):
                guard let number, let host = headers["Host"], let port = headers["Port"].flatMap({ Int($0) }),
                      let title = headers["Title"] else { return error("400 Bad Request") }
                let line = ClassicRecordLine(number: number, title: title, host: host, port: port)
                store.records.withLockedValue { $0.insert((owner, line), at: 0) }
                return ok([line])
            case ("LOOKUP", "RFC"):
                guard let number, hasSender || !quirks.requiresHostAndPort else { return error("400 Bad Request") }
                return ok(store.records.withLockedValue { $0.map(\.line).filter { $0.number == number } })
            case ("LIST", "ALL"):
                guard hasSender || !quirks.requiresHostAndPort else { return error("400 Bad Request") }
                let records = store.records.withLockedValue { $0.map(\.line) }
                if records.isEmpty, quirks.emptyListIsOK { return "P2P-CI/1.0 200 OK\r\n\r\n\r\n" }
                return ok(records)
            default:
                return error("400 Bad Request")
            }
        }

        private func ok(_ records: [ClassicRecordLine]) -> String {
            guard !records.isEmpty else { return error("404 Not Found") }
            let lines = records.map { quirks.recordsWithoutRFC ? String($0.wireLine.dropFirst(4)) : $0.wireLine }
            return "P2P-CI/1.0 200 OK\r\n" + (quirks.recordsUnderStatusLine ? "" : "\r\n")
                + lines.map { $0 + "\r\n" }.joined() + (quirks.noEmptyLineAtEnd ? "" : "\r\n")
        }

        private func error(_ status: String) -> String {
            "P2P-CI/1.0 \(status)\r\n\r\n" + (quirks.extraLineAfterErrors ? "\r\n" : "")
        }
    }
}
