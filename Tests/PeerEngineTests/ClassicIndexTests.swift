import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// Shoal peers on an index that speaks only classic P2P-CI/1.0 (a course implementation): they find out on
/// connecting, register their RFC-named files with ADD, and search, list, browse and download in its dialect.
@Suite("Shoal peers on a classic index")
struct ClassicIndexTests {
    /// The three public course implementations as probed (fclin1/CSC573, rarchitgupta/IP_Project1,
    /// AkhilChawla/P2P_File_Sharing_Network), then quirks seen in other student indexes.
    static let quirks: [ClassicIndexStub.Quirks] = [
        .init(otherVersion: .answer400, noEmptyLineAtEnd: true, requiresHostAndPort: false),
        .init(otherVersion: .answer400, recordsWithoutRFC: true, extraLineAfterErrors: true, emptyListIsOK: true),
        .init(otherVersion: .answer400),
        .init(otherVersion: .answer505, recordsUnderStatusLine: true),
        .init(otherVersion: .close, recordsUnderStatusLine: true, noEmptyLineAtEnd: true),
    ]

    /// Waits for the peer's report that it registered its share on a classic index.
    private func waitUntilClassic(_ peer: TestPeer, after skip: Int = 0) async throws -> (rfcs: Int, others: Int) {
        let event = try await peer.events.waitFor("the classic index to be recognised", after: skip) {
            if case .index(.classic) = $0 { return true }
            return false
        }
        guard case .index(.classic(_, let rfcs, let others)) = event else { fatalError("unreachable") }
        return (rfcs, others)
    }

    @Test("a peer recognises a classic index, registers only its RFC-named files with ADD, titled by name", arguments: quirks)
    func registers(quirks: ClassicIndexStub.Quirks) async throws {
        let index = try await ClassicIndexStub(quirks: quirks)
        let peer = try await TestPeer(indexPort: index.port, name: "sharer", files: [
            "rfc2616.txt": Array("HTTP/1.1\r\n".utf8), "rfc_7.txt": Array("Seven\r\n".utf8), "holiday.mkv": [1, 2, 3],
        ])
        let shared = try await waitUntilClassic(peer)
        #expect(shared.rfcs == 2 && shared.others == 1)
        let port = try #require(peer.engine.uploadPort)
        #expect(Set(index.records) == [
            ClassicRecordLine(number: 2616, title: "rfc2616.txt", host: "127.0.0.1", port: port),
            ClassicRecordLine(number: 7, title: "rfc_7.txt", host: "127.0.0.1", port: port),
        ])
        #expect(index.otherVersionRequests == 1, "one HELLO, then only classic requests")
        await peer.discard()
        await index.stop()
    }

    @Test("an RFC that leaves the share is withdrawn by joining the classic index again; the others stay")
    func withdraws() async throws {
        let index = try await ClassicIndexStub(quirks: Self.quirks[0])
        let peer = try await TestPeer(indexPort: index.port, name: "sharer", files: [
            "rfc1.txt": Array("One\r\n".utf8), "rfc2.txt": Array("Two\r\n".utf8),
        ])
        _ = try await waitUntilClassic(peer)
        #expect(index.records.count == 2)
        let seen = peer.events.count
        try FileManager.default.removeItem(atPath: peer.uploads + "/rfc1.txt")
        try await peer.engine.rescan()
        let shared = try await waitUntilClassic(peer, after: seen)
        #expect(shared.rfcs == 1)
        #expect(index.records.map(\.number) == [2])
        let lost = peer.events.all.dropFirst(seen).contains {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        #expect(!lost, "joining again is not shown as losing the index")
        await peer.discard()
        await index.stop()
    }

    @Test("search, list, browse and lookup answer from the classic index's records; a file by hash gets a clear error",
          arguments: quirks)
    func queries(quirks: ClassicIndexStub.Quirks) async throws {
        let index = try await ClassicIndexStub(quirks: quirks, preloaded: [
            ClassicRecordLine(number: 793, title: "Transmission Control Protocol", host: "127.0.0.1", port: 6001),
            ClassicRecordLine(number: 2616, title: "Hypertext Transfer Protocol -- HTTP/1.1", host: "127.0.0.1", port: 6001),
            ClassicRecordLine(number: 2616, title: "Hypertext Transfer Protocol -- HTTP/1.1", host: "127.0.0.2", port: 6002),
        ])
        let session = try await IndexSession.connect(host: "127.0.0.1", port: index.port)
        guard case .classic = session.dialect else {
            Issue.record("the index was not recognised as classic")
            return
        }
        let (hits, complete) = try await session.search(SearchQuery(keywords: ["hyper", "proto"]))
        #expect(hits == [SearchHit(key: .rfc(2616), size: nil, sources: 2, name: "Hypertext Transfer Protocol -- HTTP/1.1")])
        #expect(complete)
        let all = try await session.allPages(limit: 10) { try await session.listAll($0) }
        #expect(all?.map(\.key) == [.rfc(793), .rfc(2616)])
        let page = try await session.listAll(Page(cursor: 1, limit: 1))
        #expect(page.entries.map(\.key) == [.rfc(2616)] && page.total == 2 && page.nextCursor == nil)
        let (size, sources) = try await session.lookup(.rfc(2616))
        #expect(size == nil && sources.map(\.port).sorted() == [6001, 6002])
        #expect(try await session.lookup(.rfc(1)).sources.isEmpty)
        let owner = ClassicRecordSet.peerID(host: "127.0.0.1", port: 6001)
        #expect(sources.contains { $0.peer == owner && $0.dialect == .classic })
        let share = try await session.allPages { try await session.browse(owner, $0) }
        #expect(share?.map(\.key) == [.rfc(793), .rfc(2616)])
        await #expect(throws: IndexLinkError.classicIndex("127.0.0.1:\(index.port)")) {
            _ = try await session.lookup(.content(ContentHash(hex: String(repeating: "ab", count: 32))!))
        }
        await session.close()
        await index.stop()
    }

    @Test("an empty classic index lists and finds nothing, whether it answers LIST with 404 or an empty 200", arguments: quirks)
    func empty(quirks: ClassicIndexStub.Quirks) async throws {
        let index = try await ClassicIndexStub(quirks: quirks)
        let session = try await IndexSession.connect(host: "127.0.0.1", port: index.port)
        #expect(try await session.listAll(Page(limit: 10)).entries.isEmpty)
        #expect(try await session.search(SearchQuery(keywords: ["http"])).hits.isEmpty)
        #expect(try await session.lookup(.rfc(7)).sources.isEmpty)
        await session.close()
        await index.stop()
    }

    @Test("one Shoal peer downloads an RFC another shares, both on a classic index, with a classic GET")
    func shoalToShoal() async throws {
        let index = try await ClassicIndexStub(quirks: .init(otherVersion: .close, recordsUnderStatusLine: true, noEmptyLineAtEnd: true))
        let text = "Network Working Group\r\nRequest for Comments: 1149\r\n\r\nIP over Avian Carriers.\r\n"
        let sharer = try await TestPeer(indexPort: index.port, name: "sharer", files: ["rfc1149.txt": Array(text.utf8)])
        _ = try await waitUntilClassic(sharer)
        let leecher = try await TestPeer(indexPort: index.port, name: "leech")
        _ = try await waitUntilClassic(leecher)
        let hits = try await leecher.engine.index.search(SearchQuery(keywords: ["rfc1149"])).hits
        #expect(hits.map(\.key) == [.rfc(1149)])
        // Queries at once from several parts of a peer go out one at a time: a classic index drops a
        // request that arrives before the previous one is answered.
        let client = try leecher.engine.index
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<6 { group.addTask { try await client.lookup(FileKey.rfc(1149)).sources.count } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: 1, count: 6))
        let id = try await leecher.engine.download(.rfc(1149), name: "rfc1149.txt", size: nil, from: nil)
        let done = try await leecher.waitForTransfer(id)
        #expect(done.state == .completed, "\(done.lastError ?? "")")
        #expect(FileManager.default.contents(atPath: leecher.downloads + "/rfc1149.txt") == Data(text.utf8))
        await leecher.discard()
        await sharer.discard()
        await index.stop()
    }

    @Test("shoal search and get work against a classic index and say once that it is classic")
    func commandLine() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let text = "Network Working Group\r\nRequest for Comments: 7\r\n\r\nHello from 1969.\r\n"
        let classicPeer = try await ClassicPeerStub(documents: [7: text], requiredHost: "127.0.0.1")
        let index = try await ClassicIndexStub(preloaded: [
            ClassicRecordLine(number: 7, title: "Host Software", host: "127.0.0.1", port: classicPeer.port),
        ])
        let folder = TestPeer.temporaryFolder("classic-cli")
        let indexFlag = ["--index", "127.0.0.1:\(index.port)"]
        let notice = "shoal: " + IndexConnectionState.classicNotice(address: "127.0.0.1:\(index.port)") + "\n"

        let search = try await CommandLineTests.run(["search", "host", "soft"] + indexFlag, in: folder)
        #expect(search.status == 0 && search.stdout.contains("rfc:7") && search.stdout.contains("Host Software"))
        #expect(search.stderr == notice)
        let get = try await CommandLineTests.run(["get", "rfc:7", "--listen", "127.0.0.1"] + indexFlag, in: folder)
        #expect(get.status == 0, "\(get.stderr)")
        #expect(get.stdout == "downloads/rfc7.txt\n")
        #expect(get.stderr.hasPrefix(notice), "the notice comes first, once")
        #expect(get.stderr.contains("completed") && !get.stderr.contains("0 sources"), "\(get.stderr)")
        #expect(FileManager.default.contents(atPath: folder + "/downloads/rfc7.txt") == Data(text.utf8))
        let byHash = try await CommandLineTests.run(["get", String(repeating: "ab", count: 32), "--listen", "127.0.0.1"] + indexFlag,
                                                    in: folder)
        #expect(byHash.status == 1 && byHash.stderr.contains("classic P2P-CI/1.0 index"), "\(byHash.stderr)")
        try? FileManager.default.removeItem(atPath: folder)
        await index.stop()
        await classicPeer.stop()
    }
}
