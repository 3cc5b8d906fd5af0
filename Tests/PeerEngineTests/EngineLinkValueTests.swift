import Foundation
import Model
import NIOCore
@testable import PeerControl
@testable import PeerEngine
import Testing

/// The values faces and the engine exchange: their JSON on the control socket, and the present state a
/// face that attaches late is given.
@Suite("Engine link values")
struct EngineLinkValueTests {
    static let hash = ContentHash(hex: String(repeating: "7f", count: 32))!
    static let snapshot = TransferSnapshot(id: 7, direction: .download, key: .content(hash), name: "Über film.mkv", size: 9,
                                           bytesDone: 3, bytesPerSecond: 1.5, activeSources: 2, state: .failed,
                                           lastError: "every source failed", failure: .sourcesFailed, path: nil)

    static let messages: [ControlMessage] = [
        .hello(version: 1, client: "shoal ui"), .welcome(version: 1, peer: "ana"), .goodbye("the peer is stopping"),
        .command(.download(.rfc(7), name: "rfc7.txt", size: nil, from: PeerID(3))), .command(.stopPeer), .command(.pause(4)),
        .query(id: 1, .search(SearchQuery(keywords: ["über"], minimumSize: 1, extensions: ["mkv"], limit: 5))),
        .query(id: 2, .browse(PeerID(12))), .query(id: 3, .listAll(cursor: 0, limit: 500)),
        .answer(id: 1, .hits([SearchHit(key: .content(hash), size: 9, sources: 2, name: "a b")], complete: false, nextCursor: 3)),
        .answer(id: 2, .entries(nil)), .answer(id: 4, .queued(9)),
        .answer(id: 3, .sources([FileSource(peer: PeerID(1), dialect: .classic, host: "10.0.0.2", port: 6001, nickname: nil,
                                             name: "TCP/IP")], size: nil)),
        .answer(id: 5, .failed(QueryFailure(.indexUnreachable, "the index at 127.0.0.1:7734 is unreachable"))),
        .event(.transfer(snapshot)), .event(.index(.classic(address: "h:1", sharedRFCs: 2, notShared: 3))),
        .event(.index(.connected(address: "h:1", peer: PeerID(4), observedAddress: "10.0.0.9"))),
        .event(.sharedFiles([SharedFileEntry(key: .rfc(1), size: nil, name: "rfc1.txt")])), .event(.problem("disk full")),
        .command(.setPriority(4, .high)), .command(.moveInQueue(4, by: -1)), .query(id: 6, .transferDetails(7)),
        .answer(id: 6, .details(TransferDetails(
            transfer: snapshot, sources: [SourceDetail(peer: PeerID(2), nickname: "bo", address: "[::1]:6001", reachable: false,
                                                       activity: .banned, bytesPerSecond: 0, bytes: 10, chunks: 1, lastError: "bad data")],
            chunks: ChunkMap(runs: [.init(.verified, 3), .init(.inFlight, 1), .init(.missing, 2)]),
            verification: "checked", destination: "downloads/jazz/a.flac"))),
        .answer(id: 7, .details(nil)), .event(.downloadedFiles([.content(hash), .rfc(9)])),
    ]

    @Test("every control message reads back as itself from its JSON", arguments: messages)
    func roundTrip(message: ControlMessage) throws {
        let bytes = try ControlSocket.encode(message, allocator: ByteBufferAllocator())
        #expect(try ControlSocket.decode(bytes) == message)
    }

    @Test("identifiers travel in their text forms, and a malformed one is refused, not guessed")
    func identifiers() throws {
        let bytes = try ControlSocket.encode(.command(.download(.rfc(7), name: "x", size: nil, from: PeerID(3))), allocator: ByteBufferAllocator())
        let text = String(buffer: bytes)
        #expect(text.contains("\"rfc:7\"") && text.contains("\"p3\""))
        #expect(throws: DecodingError.self) {
            try ControlSocket.decode(ByteBuffer(string: text.replacingOccurrences(of: "\"p3\"", with: "\"peer three\"")))
        }
    }

    @Test("a face that attaches late is given the index link, the share and every transfer, newest state only")
    func presentState() {
        var mirror = EngineStateMirror()
        mirror.apply(.index(.connecting(address: "h:1")))
        mirror.apply(.index(.connected(address: "h:1", peer: PeerID(2), observedAddress: "x")))
        mirror.apply(.share(ShareStatus(files: 2, bytes: 9, hashed: 2)))
        var running = Self.snapshot
        running.state = .downloading
        mirror.apply(.transfer(running))
        mirror.apply(.transfer(Self.snapshot))
        mirror.apply(.problem("of the moment"))
        mirror.apply(.transfer(TransferSnapshot(id: 8, direction: .download, key: .rfc(1), name: "rfc1.txt", size: nil, state: .queued)))
        mirror.apply(.transferRemoved(8))
        // The downloaded files as the engine first listed them, with each later download added once.
        let (first, second) = (FileKey.rfc(1), FileKey.rfc(2))
        mirror.apply(.downloadedFiles([first]))
        mirror.apply(.fileDownloaded(second))
        mirror.apply(.fileDownloaded(first))
        #expect(mirror.events == [.index(.connected(address: "h:1", peer: PeerID(2), observedAddress: "x")),
                                  .share(ShareStatus(files: 2, bytes: 9, hashed: 2)), .downloadedFiles([first, second]),
                                  .transfer(Self.snapshot)])
    }

    @Test("finished transfers are kept up to a bound, so a peer that runs for days does not grow without end")
    func boundedHistory() {
        var mirror = EngineStateMirror()
        for id in 0..<Int64(EngineStateMirror.finishedKept + 10) {
            mirror.apply(.transfer(TransferSnapshot(id: id, direction: .upload, key: .rfc(1), name: "rfc1.txt", size: 1, state: .completed)))
        }
        let kept = mirror.events.compactMap { event -> Int64? in
            if case .transfer(let snapshot) = event { return snapshot.id }
            return nil
        }
        #expect(kept.count == EngineStateMirror.finishedKept && kept.first == 10)
    }

    @Test("every subscriber of the hub gets every event; one that subscribes later starts from the present state")
    func hub() async {
        let hub = EngineEventHub()
        let early = hub.subscribe()
        hub.emit(.share(ShareStatus(files: 1)))
        let late = hub.subscribe()
        hub.emit(.problem("now"))
        hub.finish()
        #expect(await Array(early) == [.share(ShareStatus(files: 1)), .problem("now")])
        #expect(await Array(late) == [.share(ShareStatus(files: 1)), .problem("now")])
        #expect(hub.subscriberCount == 0)
        #expect(await Array(hub.subscribe()).isEmpty, "after the engine stops, a subscription ends at once")
    }
}

extension Array where Element == EngineEvent {
    init(_ stream: AsyncStream<EngineEvent>) async {
        var events: [EngineEvent] = []
        for await event in stream { events.append(event) }
        self = events
    }
}
