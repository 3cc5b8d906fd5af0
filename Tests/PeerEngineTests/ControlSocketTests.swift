import Foundation
import Glibc
import Model
import NIOCore
import PeerControl
import PeerEngine
import Testing
import TestSupport

/// The control socket as faces and hostile local processes use it: a running peer reached from another
/// process, clients that misbehave closed alone, the peer outliving every client.
@Suite("Control socket")
struct ControlSocketTests {
    /// A socket path of its own in a fresh folder.
    static func socketPath(_ name: String) -> String {
        ControlSocket.path(inState: TestPeer.temporaryFolder(name))
    }

    /// One control message as it travels: 4-byte big-endian length, then JSON.
    static func frame(_ json: String) -> [UInt8] {
        let body = Array(json.utf8)
        return withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init) + body
    }

    static let hello = frame(#"{"hello":{"version":\#(ControlSocket.version),"client":"raw"}}"#)

    @Test("a face attached to a running peer sees its state, searches, and downloads through it; a second face sees the same")
    func attachAndDownload() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(300_000, seed: 5)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["Night Train.flac": data])
            try await index.logs.waitFor("the seeder's file") { $0.contains("registered 1 file") }
            let peer = try await TestPeer.connected(indexPort: index.port, name: "serve")
            let control = try await TestControl(peer: peer)

            let face = try await ControlClient.connect(path: control.path, client: "test face")
            #expect(face.peerName == "test-peer")
            let events = Recorder<EngineEvent>()
            let relay = Task { for await event in face.subscribe() { events.append(event) } }
            try await events.waitFor("the peer's index link, given on attaching") {
                if case .index(.connected) = $0 { return true }
                return false
            }
            guard case .hits(let hits, _, _) = await face.ask(.search(SearchQuery(keywords: ["night"]))), let hit = hits.first else {
                Issue.record("the search through the peer found nothing")
                return
            }
            guard case .queued(let id) = await face.ask(.download(hit.key, name: hit.name, size: hit.size, from: nil)) else {
                Issue.record("the download was not queued")
                return
            }
            try await events.waitFor(timeout: TestDeadline.work, "the download to complete in the peer") {
                if case .transfer(let snapshot) = $0 { return snapshot.id == id && snapshot.state == .completed }
                return false
            }
            #expect(FileManager.default.contents(atPath: peer.downloads + "/Night Train.flac") == Data(data))

            // A face that attaches now is given the finished transfer with the rest of the present state.
            let second = try await ControlClient.connect(path: control.path, client: "second face")
            var present = second.subscribe().makeAsyncIterator()
            var sawTransfer = false
            while let event = await present.next() {
                if case .transfer(let snapshot) = event, snapshot.id == id {
                    sawTransfer = snapshot.state == .completed
                    break
                }
            }
            #expect(sawTransfer)
            await second.close()
            await face.close()
            relay.cancel()
            await control.stop()
            await peer.discard()
            await seeder.discard()
        }
    }

    @Test("shoal search and get, run on a running peer's state folder, go through it: the file lands in that peer's downloads")
    func commandLineThroughPeer() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let data = TestPeer.bytes(200_000, seed: 8)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["Quiet Storm.flac": data])
            try await index.logs.waitFor("the seeder's file") { $0.contains("registered 1 file") }
            let peer = try await TestPeer.connected(indexPort: index.port, name: "serve")
            let control = try await TestControl(peer: peer)
            let state = ["--state", peer.folder + "/state"]
            let folder = TestPeer.temporaryFolder("through")

            // No --index: without the peer, these would ask 127.0.0.1:7734, where nothing listens.
            let search = try await CommandLineTests.run(["search", "quiet", "--json"] + state, in: folder)
            #expect(search.status == 0 && search.stdout.contains("Quiet Storm.flac"), "\(search.stderr)")
            let get = try await CommandLineTests.run(["get", "quiet storm.flac"] + state, in: folder)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout == peer.downloads + "/Quiet Storm.flac\n")
            #expect(FileManager.default.contents(atPath: peer.downloads + "/Quiet Storm.flac") == Data(data))
            #expect(!FileManager.default.fileExists(atPath: folder + "/downloads/Quiet Storm.flac"), "nothing lands beside the command")
            try await control.logs.waitFor("both faces attached") { $0.contains("a face attached: shoal get") }
            let missing = try await CommandLineTests.run(["get", "no such file"] + state, in: folder)
            #expect(missing.status == 2, "\(missing.stderr)")

            try? FileManager.default.removeItem(atPath: folder)
            await control.stop()
            await peer.discard()
            await seeder.discard()
        }
    }

    /// Sends `bytes` as a raw client and returns everything the peer wrote before it closed the connection.
    private func closedAnswer(_ path: String, _ bytes: [UInt8]) async throws -> String {
        let client = try await RawClient.connect(unixPath: path)
        try await client.send(bytes: bytes)
        return try await client.readUntilClosed()
    }

    @Test("clients that send garbage, an unknown version, oversized or peer-only messages, or nothing, are closed with a reason; the peer and other faces go on")
    func hostileClients() async throws {
        let link = ScriptedLink { _ in .queued(42) }
        var limits = ControlSocket.Limits.forTests
        limits.maximumRequestBytes = 4096
        let control = try await TestControl(link: link, path: Self.socketPath("hostile"), limits: limits)
        let good = try await ControlClient.connect(path: control.path, client: "good")

        let garbage = try await closedAnswer(control.path, Self.hello + Self.frame("{not json"))
        #expect(garbage.contains("malformed message"), "\(garbage)")
        let notHello = try await closedAnswer(control.path, Self.frame(#"{"command":{"_0":{"rescan":{}}}}"#))
        #expect(notHello.contains("the first message must be a hello"), "\(notHello)")
        let version = try await closedAnswer(control.path, Self.frame(#"{"hello":{"version":99,"client":"future"}}"#))
        #expect(version.contains("control protocol 99 is not spoken here; this peer speaks \(ControlSocket.version)"), "\(version)")
        let peerOnly = try await closedAnswer(control.path, Self.hello + Self.frame(#"{"goodbye":{"_0":"x"}}"#))
        #expect(peerOnly.contains("a message only a peer sends"), "\(peerOnly)")
        // A length of 1 GiB: refused as it is announced, before anything is buffered.
        let oversized = try await closedAnswer(control.path, Self.hello + [0x40, 0, 0, 0] + Array(repeating: 0x20, count: 5000))
        #expect(!oversized.contains("queued"))
        // A client that never says hello is closed at the deadline (a short one here, on a socket of its own).
        limits.helloTimeout = .milliseconds(300)
        let impatient = try await TestControl(link: link, path: Self.socketPath("impatient"), limits: limits)
        let silent = try await RawClient.connect(unixPath: impatient.path)
        #expect(try await silent.readUntilClosed().isEmpty)
        await impatient.stop()

        #expect(await good.ask(.lookup(.rfc(1))) == .queued(42), "the good face still gets answers")
        await good.perform(.rescan)
        try await link.commands.waitFor("the good face's command") { $0 == .rescan }
        try await control.logs.waitFor("the refusals logged") { $0.contains("malformed message") }
        await good.close()
        await control.stop()
    }

    @Test("a refused client sees the connection end at once, even while another process holds a copy of the peer's end")
    func refusalEndsWhileDescriptorIsShared() async throws {
        let control = try await TestControl(link: ScriptedLink(), path: Self.socketPath("shared"))
        let client = try await RawClient.connect(unixPath: control.path)
        try await client.send(bytes: Self.hello)
        #expect(try await client.bytes(atLeast: 5).contains("welcome"))
        // What a child started by another thread at the wrong moment holds: a copy of the peer's descriptor
        // (NIO does not open sockets close-on-exec). Closing the peer's own copy alone would not end it.
        let copies = try Self.acceptedSockets(at: control.path).map { dup($0) }
        #expect(!copies.isEmpty, "the accepted socket is found in /proc")
        defer { copies.forEach { close($0) } }
        try await client.send(bytes: Self.frame(#"{"goodbye":{"_0":"x"}}"#))
        let answer = try await client.readUntilClosed()
        #expect(answer.contains("a message only a peer sends"), "\(answer)")
        await control.stop()
    }

    /// This process's descriptors of connections accepted on the Unix socket at `path`: connected sockets
    /// whose own name is `path` (an accepted socket carries its listener's name; the listener is not connected).
    private static func acceptedSockets(at path: String) throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap { Int32($0) }.filter { fd in
            var address = sockaddr_un(), length = socklen_t(MemoryLayout<sockaddr_un>.size)
            var peer = sockaddr_un(), peerLength = length
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
            }
            let connected = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &peerLength) == 0 }
            }
            guard named, connected, address.sun_family == sa_family_t(AF_UNIX) else { return false }
            let name = withUnsafeBytes(of: address.sun_path) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return name == path
        }
    }

    @Test("a client that stops reading its events is dropped when its queue is full; others get every event")
    func slowClient() async throws {
        let link = ScriptedLink()
        var limits = ControlSocket.Limits.forTests
        limits.queueLimit = 50
        let control = try await TestControl(link: link, path: Self.socketPath("slow"), limits: limits)
        let reader = try await ControlClient.connect(path: control.path, client: "reader")
        let received = Recorder<EngineEvent>()
        let relay = Task { for await event in reader.subscribe() { received.append(event) } }
        let stalled = try await RawClient.connect(unixPath: control.path, receiveBuffer: 4096)
        try await stalled.send(bytes: Self.hello)
        _ = try await stalled.bytes(atLeast: 4)  // welcomed
        await stalled.stopReading()
        try await link.waitForSubscribers(2, "two subscribers")
        // Rounds of 40 events, each waited for at the reader: a reading client never has more than 40 waiting,
        // while the stalled one's pile up past the limit.
        let name = String(repeating: "n", count: 2000)
        for round in 0..<50 {
            for id in round * 40..<(round + 1) * 40 {
                link.emit(.transfer(TransferSnapshot(id: Int64(id), direction: .upload, key: .rfc(1), name: name, size: 1, state: .uploading)))
            }
            let last = Int64((round + 1) * 40 - 1)
            try await received.waitFor("round \(round) at the reader") {
                if case .transfer(let snapshot) = $0 { return snapshot.id == last }
                return false
            }
        }
        try await control.logs.waitFor("the stalled client dropped") { $0.contains("did not read its events (50 waiting)") }
        #expect(received.count == 2000)
        #expect(link.subscriberCount == 1, "only the reader is still subscribed")
        relay.cancel()
        await reader.close()
        await control.stop()
    }

    @Test("the peer outlives its faces: clients that vanish mid-query leave nothing behind, and the next one is served")
    func outlivesFaces() async throws {
        // Queries are answered only once the gate opens, so the clients vanish while theirs are under way.
        let gate = Recorder<Bool>()
        let link = ScriptedLink { _ in
            _ = try? await gate.waitFor("the gate to open") { $0 }
            return .entries([])
        }
        let control = try await TestControl(link: link, path: Self.socketPath("outlive"))
        for _ in 0..<5 {
            let client = try await RawClient.connect(unixPath: control.path)
            try await client.send(bytes: Self.hello + Self.frame(#"{"query":{"id":1,"_1":{"browse":{"_0":"p1"}}}}"#))
            await client.reset()
        }
        try await link.waitForSubscribers(0, "the vanished clients' subscriptions to end")
        gate.append(true)
        let next = try await ControlClient.connect(path: control.path, client: "next")
        #expect(await next.ask(.browse(PeerID(1))) == .entries([]))
        await next.close()
        await control.stop()
    }

    @Test("a socket file left by a peer that was killed is replaced; the socket is the owner's only; it goes when the peer stops")
    func staleSocket() async throws {
        let path = Self.socketPath("stale")
        // What a peer killed with SIGKILL leaves: a socket file that nothing listens on (a process that bound
        // it and exited without removing it).
        try await SystemTool.python3.require()
        let binder = Process()
        binder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        binder.arguments = ["python3", "-c", "import socket; socket.socket(socket.AF_UNIX).bind('\(path)')"]
        try ChildLaunch.start(binder)
        _ = ChildExit.status(of: binder)
        #expect(FileManager.default.fileExists(atPath: path))
        await #expect(throws: ControlClient.ConnectError.self) { _ = try await ControlClient.connect(path: path, client: "too early") }
        let control = try await TestControl(link: ScriptedLink(), path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let client = try await ControlClient.connect(path: path, client: "after a crash")
        await client.close()
        await control.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
        await #expect(throws: ControlClient.ConnectError.self) { _ = try await ControlClient.connect(path: path, client: "late") }
    }

    @Test("another user's process is refused, even when the socket's permissions would let it in")
    func otherUser() async throws {
        guard getuid() == 0 else {
            Issue.record("this test runs a process as another user (nobody), which needs root; run the suite as root (CI does)")
            return
        }
        try await SystemTool.python3.require()
        try await SystemTool.setpriv.require()
        // The system's python, which another user can run (a python3 first on PATH may live under /root).
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            Issue.record("this test needs /usr/bin/python3 (apt-get install python3) to play a process of another user")
            return
        }
        let path = Self.socketPath("other-user")
        let control = try await TestControl(link: ScriptedLink(), path: path)
        // Open the door the permissions close, to reach the credential check behind it.
        chmod((path as NSString).deletingLastPathComponent, 0o711)
        chmod(path, 0o666)
        let script = """
            import socket, struct, json
            s = socket.socket(socket.AF_UNIX); s.settimeout(30); s.connect("\(path)")
            body = json.dumps({"hello": {"version": \(ControlSocket.version), "client": "intruder"}}).encode()
            s.sendall(struct.pack(">I", len(body)) + body)
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk: break
                data += chunk
            print(data[4:].decode())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script]
        let intruder = try await ProcessRunner.run(process)
        #expect(intruder.stdout.contains("user 65534 may not control the peer of user 0"),
                "\(intruder.stdout) \(intruder.stderr) \(control.logs.messages())")
        await control.stop()
    }
}
