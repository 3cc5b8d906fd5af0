import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// Real NAT, built by the test with network namespaces (``NATLab``): the index and a public peer in `wan`, a
/// peer behind a masquerading router in `lan`. The programs are the built `shoal-index` and `shoal`.
@Suite("NAT lab (network namespaces, needs root)", .serialized)
struct NATLabTests {
    static let index = "\(NATLab.wanAddress):7734"

    @Test("behind a masquerading router: the peer is told it is behind NAT, others see it so, it downloads from a public peer, and a public peer downloads from it over a connection it opens back when the index asks")
    func behindOneRouter() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let shoal = CommandLineTests.executable.path
        let shoalIndex = CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("shoal-index").path
        let root = TestPeer.temporaryFolder("natlab")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let publicBytes = Array("shared by the public peer\n".utf8), hiddenBytes = Array("shared from behind NAT\n".utf8)
        for (folder, name, bytes) in [("public", "open.txt", publicBytes), ("hidden", "hidden.txt", hiddenBytes)] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)/uploads", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(folder)/uploads/\(name)"))
        }
        for folder in ["getter-lan", "getter-wan"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        try await NATLab.with { lab in
            var running: [BackgroundProcess] = []
            defer { for process in running { process.terminate() } }
            func start(in host: NATLab.Host, _ executable: String, _ arguments: [String], folder: String) throws -> BackgroundProcess {
                let process = try BackgroundProcess(NATLab.ipPath, lab.command(in: host, executable, arguments), in: folder,
                                                    environment: ["XDG_CONFIG_HOME": folder])
                running.append(process)
                return process
            }
            let index = try start(in: .wan, shoalIndex, ["--host", NATLab.wanAddress, "--port", "7734"], folder: root)
            try await index.waitForLine(containing: "listening on")

            let open = try start(in: .wan, shoal, ["serve", "--index", Self.index, "--listen", NATLab.wanAddress, "--name", "open"],
                                 folder: root + "/public")
            try await open.waitForLine(containing: "connected to index")
            let hidden = try start(in: .lan, shoal, ["serve", "--index", Self.index, "--name", "hidden"], folder: root + "/hidden")
            let warning = try await hidden.waitForLine(containing: "could not connect to your upload port")
            #expect(warning.contains("behind NAT"))
            try await hidden.waitForLine(containing: "sharing 1 files")
            try await index.waitForLine(containing: "registered 1 file (1 in all)")

            // The public side sees the hidden peer at its router's address, marked unreachable.
            let hiddenHash = FileHasher.digest(of: hiddenBytes).hash.hex
            let sources = try await lab.run(in: .wan, shoal, ["sources", hiddenHash, "--index", Self.index, "--json"],
                                            folder: root + "/getter-wan")
            #expect(sources.status == 0, "\(sources.stderr)")
            #expect(sources.stdout.contains("\"host\":\"\(NATLab.routerAddress)\"") && sources.stdout.contains("\"reachable\":false"),
                    "\(sources.stdout)")

            // From behind NAT, downloading from the public peer works as anywhere.
            let publicHash = FileHasher.digest(of: publicBytes).hash.hex
            let get = try await lab.run(in: .lan, shoal, ["get", publicHash, "--index", Self.index], folder: root + "/getter-lan")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(FileManager.default.contents(atPath: root + "/getter-lan/downloads/open.txt") == Data(publicBytes))

            // From the public side, the hidden peer's file comes over a connection the hidden peer opens back,
            // through its router, when the index asks it to.
            let relayed = try await lab.run(in: .wan, shoal, ["get", hiddenHash, "--index", Self.index, "--listen", NATLab.wanAddress],
                                            folder: root + "/getter-wan")
            #expect(relayed.status == 0, "\(relayed.stderr)")
            #expect(FileManager.default.contents(atPath: root + "/getter-wan/downloads/hidden.txt") == Data(hiddenBytes))
            try await hidden.waitForLine(containing: "connected back to")
        }
    }
}
