import Foundation
import Model
import PeerEngine
import Testing
import TestSupport

/// Real NAT, built by the test with network namespaces (``NATLab``): the index and a public peer in `wan`,
/// peers behind masquerading routers in `lan` and `lan2`. The programs are the built `shoal-index` and `shoal`.
@Suite("NAT lab (network namespaces, needs root)", .serialized)
struct NATLabTests {
    static let index = "\(NATLab.wanAddress):7734"
    static let publicBytes = Array("shared by the public peer\n".utf8), hiddenBytes = Array("shared from behind NAT\n".utf8)

    @Test("behind a masquerading router: the peer is told it is behind NAT, others see it so, it downloads from a public peer, a public peer downloads from it over a connection it opens back when the index asks; a forged token and a relay flood from behind the router are refused")
    func behindOneRouter() async throws {
        try await Self.scene { lab, scene in
            let open = try scene.start(in: .wan, scene.shoal, ["serve", "--index", Self.index, "--listen", NATLab.wanAddress, "--name", "open"],
                                       folder: "public", sharing: ("open.txt", Self.publicBytes))
            try await open.waitForLine(containing: "connected to index")
            let hidden = try await scene.hiddenSource(in: .lan)

            // The public side sees the hidden peer at its router's address, marked unreachable.
            let hiddenHash = FileHasher.digest(of: Self.hiddenBytes).hash.hex
            let sources = try await scene.run(in: .wan, ["sources", hiddenHash, "--index", Self.index, "--json"], folder: "getter-wan")
            #expect(sources.status == 0, "\(sources.stderr)")
            #expect(sources.stdout.contains("\"host\":\"\(NATLab.routerAddress)\"") && sources.stdout.contains("\"reachable\":false"),
                    "\(sources.stdout)")

            // From behind NAT, downloading from the public peer works as anywhere.
            let publicHash = FileHasher.digest(of: Self.publicBytes).hash.hex
            let get = try await scene.run(in: .lan, ["get", publicHash, "--index", Self.index], folder: "getter-lan")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(scene.contents("getter-lan/downloads/open.txt") == Data(Self.publicBytes))

            // From the public side, the hidden peer's file comes over a connection the hidden peer opens back,
            // through its router, when the index asks it to.
            let relayed = try await scene.run(in: .wan, ["get", hiddenHash, "--index", Self.index, "--listen", NATLab.wanAddress],
                                              folder: "getter-wan")
            #expect(relayed.status == 0, "\(relayed.stderr)")
            #expect(scene.contents("getter-wan/downloads/hidden.txt") == Data(Self.hiddenBytes))
            try await hidden.waitForLine(containing: "connected back to")

            // Hostile, from behind the router: a GIVE with a made-up token at the public peer's upload port is
            // closed unanswered, and a flood of CONNECT PEER is refused past the cap.
            try await SystemTool.python3.require()
            let openSource = try await scene.run(in: .lan, ["sources", publicHash, "--index", Self.index, "--json"], folder: "getter-lan")
            let openPeer = try #require(openSource.stdout.firstMatch(of: /"peer":"(p[0-9]+)"/)?.1)
            let openPort = try #require(openSource.stdout.firstMatch(of: /"port":([0-9]+)/)?.1)
            let forged = try await lab.run(in: .lan, "python3", ["-c", Self.rawClient, "forge", NATLab.wanAddress, String(openPort)],
                                           folder: scene.root)
            #expect(forged.stdout == "closed\n", "\(forged.stdout) \(forged.stderr)")
            let flood = try await lab.run(in: .lan, "python3", ["-c", Self.rawClient, "flood", NATLab.wanAddress, "7734", String(openPeer)],
                                          folder: scene.root)
            let statuses = flood.stdout.split(separator: "\n").map { $0.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
            #expect(statuses.first == "200" && statuses.dropFirst().prefix(10).allSatisfy { $0 == "409" }, "\(flood.stdout) \(flood.stderr)")
            #expect(statuses.suffix(2) == ["429", "429"], "past 10 requests: \(flood.stdout)")
        }
    }

    /// A raw client for the hostile cases: `forge HOST PORT` sends GIVE with a random token and prints
    /// `closed` when the connection is closed unanswered; `flood HOST PORT PEER` says HELLO, then asks 12
    /// times to have PEER connect back, printing each answer's status line.
    static let rawClient = """
        import os, socket, sys
        mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
        s = socket.create_connection((host, port), timeout=60)
        if mode == "forge":
            s.sendall(b"GIVE P2P-CI/2.1\\r\\nToken: " + os.urandom(16).hex().encode() + b"\\r\\n\\r\\n")
            data = s.recv(100)
            print("closed" if data == b"" else "answered " + data.decode(errors="replace"))
            sys.exit(0)
        f = s.makefile("rb")
        def answer():
            status = f.readline().decode().strip()
            while f.readline() not in (b"\\r\\n", b""):
                pass
            return status
        s.sendall(b"HELLO P2P-CI/2.1\\r\\nPort: 9\\r\\n\\r\\n")
        print(answer())
        for _ in range(12):
            s.sendall(("CONNECT PEER %s P2P-CI/2.1\\r\\nToken: %s\\r\\n\\r\\n" % (sys.argv[4], os.urandom(16).hex())).encode())
            print(answer())
        """

    @Test("both behind NAT, routers that keep ports: the two peers punch a connection through both routers and the download runs over it")
    func punchThroughTwoRouters() async throws {
        try await Self.scene { lab, scene in
            let hidden = try await scene.hiddenSource(in: .lan)
            let hiddenHash = FileHasher.digest(of: Self.hiddenBytes).hash.hex
            let get = try await scene.run(in: .lan2, ["get", hiddenHash, "--index", Self.index], folder: "getter-lan2")
            #expect(get.status == 0, "\(get.stderr)")
            #expect(scene.contents("getter-lan2/downloads/hidden.txt") == Data(Self.hiddenBytes))
            try await hidden.waitForLine(containing: "punched a connection to")
        }
    }

    @Test("both behind NAT, routers that pick a new port for every connection: punching fails, and the download says so in one line")
    func punchingImpossible() async throws {
        try await Self.scene(symmetric: true) { lab, scene in
            _ = try await scene.hiddenSource(in: .lan)
            let hiddenHash = FileHasher.digest(of: Self.hiddenBytes).hash.hex
            let get = try await scene.run(in: .lan2, ["get", hiddenHash, "--index", Self.index], folder: "getter-lan2")
            #expect(get.status != 0)
            #expect(get.stderr.contains("is behind NAT, as you are, and no connection could be punched through both routers: ask p"),
                    "\(get.stderr)")
            #expect(get.stderr.contains("to forward a port, or forward yours"), "\(get.stderr)")
        }
    }

    /// The lab with the index running in `wan`, and a folder for the test's peers.
    static func scene(symmetric: Bool = false, _ body: (NATLab, Scene) async throws -> Void) async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let root = TestPeer.temporaryFolder("natlab")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await NATLab.with(symmetric: symmetric) { lab in
            let scene = Scene(lab: lab, root: root)
            defer { scene.stopAll() }
            // A peer behind NAT costs its HELLO the whole probe time (its router drops the probe); a live peer
            // answers far sooner, even in a sanitizer build on a busy machine.
            let index = try scene.start(in: .wan, scene.shoalIndex,
                                        ["--host", NATLab.wanAddress, "--port", "7734", "--reachability-timeout", "5",
                                         // for the python client that floods it with CONNECT PEER in plaintext
                                         "--allow-plaintext"], folder: ".")
            try await index.waitForLine(containing: "listening on")
            try await body(lab, scene)
        }
    }

    /// The programs a lab test runs, each in a folder of its own under `root`.
    final class Scene: Sendable {
        let lab: NATLab
        let root: String
        let shoal = CommandLineTests.executable.path
        let shoalIndex = CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("shoal-index").path
        private let running = Recorder<BackgroundProcess>()

        init(lab: NATLab, root: String) {
            self.lab = lab
            self.root = root
        }

        /// Starts a program inside `host`, in `folder` (made, with `uploads/` holding `sharing` if given).
        func start(in host: NATLab.Host, _ executable: String, _ arguments: [String], folder: String,
                   sharing file: (name: String, bytes: [UInt8])? = nil) throws -> BackgroundProcess {
            let path = try self.folder(folder)
            if let file {
                try FileManager.default.createDirectory(atPath: path + "/uploads", withIntermediateDirectories: true)
                try Data(file.bytes).write(to: URL(fileURLWithPath: path + "/uploads/" + file.name))
            }
            let process = try BackgroundProcess(NATLab.ipPath, lab.command(in: host, executable, arguments), in: path,
                                                environment: ["XDG_CONFIG_HOME": path])
            running.append(process)
            return process
        }

        /// `shoal serve` behind a router, sharing `hidden.txt`, once the index has its file.
        func hiddenSource(in host: NATLab.Host) async throws -> BackgroundProcess {
            let hidden = try start(in: host, shoal, ["serve", "--index", NATLabTests.index, "--name", "hidden"], folder: "hidden",
                                   sharing: ("hidden.txt", NATLabTests.hiddenBytes))
            let warning = try await hidden.waitForLine(containing: "could not connect to your upload port")
            #expect(warning.contains("behind NAT"))
            try await hidden.waitForLine(containing: "sharing 1 files")
            return hidden
        }

        /// Runs `shoal` with `arguments` inside `host` to its end.
        func run(in host: NATLab.Host, _ arguments: [String], folder: String) async throws -> ProcessRunner.Finished {
            try await lab.run(in: host, shoal, arguments, folder: self.folder(folder))
        }

        func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: root + "/" + path) }

        func stopAll() { for process in running.all { process.terminate() } }

        private func folder(_ name: String) throws -> String {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }
    }
}
