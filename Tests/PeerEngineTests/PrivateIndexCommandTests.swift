import Foundation
import PeerEngine
import Testing
import TestSupport

/// `shoal-index --private` and `shoal-index token`, as an operator runs them (§9.2).
@Suite("Private index, from the command line", .serialized)
struct PrivateIndexCommandTests {
    static var indexExecutable: String { PeerFaultTests.indexExecutable.path }

    @Test("token add prints a token a peer joins with and a one-off query asks with; list names it; revoke disconnects that peer from the running index at once")
    func tokensEndToEnd() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("private-index")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let added = try await CommandLineTests.run(["token", "add", "ana", "--state", "state"], in: folder, executable: Self.indexExecutable)
        #expect(added.status == 0, "\(added.stderr)")
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("st_"))
        let listed = try await CommandLineTests.run(["token", "list", "--state", "state"], in: folder, executable: Self.indexExecutable)
        #expect(listed.stdout.hasPrefix("ana\t") && !listed.stdout.contains(token))
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/state/tokens")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let index = try BackgroundProcess(Self.indexExecutable, ["--port", "0", "--private", "--state", "state"], in: folder)
        defer { index.terminate() }
        let line = try await index.waitForLine(containing: "listening on")
        let port = try #require(line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        let printed = try await index.waitForLine(containing: "shoal://")
        let address = try #require(printed.split(separator: "'").first { $0.hasPrefix("shoal://") }.map(String.init), "\(printed)")
        let peer = try await TestPeer.connected(indexPort: port, name: "ana", files: ["tide-tables.txt": TestPeer.bytes(1000, seed: 5)]) {
            $0.indexToken = token
            $0.allowsPlaintext = false
        }
        let asked = try await CommandLineTests.run(["search", "tide", "--index", address, "--token", token], in: folder)
        #expect(asked.status == 0 && asked.stdout.contains("tide-tables.txt"), "\(asked.stdout) \(asked.stderr)")
        let unpinned = try await CommandLineTests.run(["search", "tide", "--index", "127.0.0.1:\(port)", "--token", token], in: folder)
        #expect(unpinned.status != 0 && unpinned.stderr.contains("whose key is known"), "a token never goes to an unknown key: \(unpinned.stderr)")
        let unasked = try await CommandLineTests.run(["search", "tide", "--index", address], in: folder)
        #expect(unasked.status != 0 && unasked.stderr.contains("403") && unasked.stderr.contains("--token"), "\(unasked.stderr)")
        #expect(unasked.stderr.split(separator: "\n").count == 1)
        let stranger = try await TestPeer(indexPort: port, name: "stranger") { $0.allowsPlaintext = false }
        let refused = try await stranger.events.waitFor("the stranger to be refused") {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        guard case .index(.disconnected(_, let reason, _)) = refused else { return }
        #expect(reason.contains("403") && reason.contains("private"), "\(reason)")
        let before = peer.events.count
        let revoked = try await CommandLineTests.run(["token", "revoke", "ana", "--state", "state"], in: folder, executable: Self.indexExecutable)
        #expect(revoked.stdout.contains("told the running index"), "\(revoked.stdout) \(revoked.stderr)")
        try await peer.events.waitFor("ana to be disconnected", after: before) {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        let again = try await CommandLineTests.run(["token", "revoke", "ana", "--state", "state"], in: folder, executable: Self.indexExecutable)
        #expect(again.status == 64 && again.stderr.contains("ana has no token"))
        await peer.discard()
        await stranger.discard()
    }

    @Test("--private with --allow-plaintext is refused: tokens never cross in plaintext")
    func privateNeedsTLS() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("private-plain")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await CommandLineTests.run(["--private", "--allow-plaintext"], in: folder, executable: Self.indexExecutable)
        #expect(run.status == 64 && run.stderr.contains("--private needs TLS"))
    }
}

/// One-off queries (`shoal search --index`) check the index's key against the one the state folder remembers.
@Suite("Query commands and remembered keys")
struct QueryKeyTests {
    @Test("shoal search --index refuses an index whose key is not the one its state folder remembers, naming both")
    func rememberedKey() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let folder = TestPeer.temporaryFolder("query-keys")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try StateStore(directory: folder + "/.shoal")
            try await store.remember(TestIdentities.stranger.keyprint.description, of: "127.0.0.1:\(index.port)")
            store.release()
            let run = try await CommandLineTests.run(["search", "anything", "--index", "127.0.0.1:\(index.port)"], in: folder)
            #expect(run.status != 0)
            #expect(run.stderr.contains(TestIdentities.stranger.keyprint.description) && run.stderr.contains(TestIdentities.index.keyprint.description),
                    "\(run.stderr)")
        }
    }
}
