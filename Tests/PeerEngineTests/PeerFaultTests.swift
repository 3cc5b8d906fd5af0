import Foundation
import GRDB
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// A real peer meets liars, crashes and full disks: nothing breaks and nothing is lost.
@Suite("Peer faults", .serialized)
struct PeerFaultTests {
    static let mib = 1 << 20

    @Test("a source that closes mid-chunk or stalls is dropped, and its chunks come from another source",
          arguments: [FaultySource.Fault.closeMidChunk, .stall])
    func faultySource(fault: FaultySource.Fault) async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(8 * Self.mib + 1000, seed: 21)
            // The honest source is slowed so it cannot finish before the faulty one has been asked.
            let honest = try await TestPeer(indexPort: index.port, name: "honest", files: ["film.mkv": data]) {
                $0.maximumUploadRate = 4 * Self.mib
            }
            try await honest.waitUntilConnected()
            let faulty = try await FaultySource(file: data, name: "film.mkv", fault: fault, indexPort: index.port)
            let leecher = try await TestPeer(indexPort: index.port, name: "leech") { $0.chunkTimeout = .seconds(3) }
            try await leecher.waitUntilConnected()
            let (_, sources) = try await leecher.engine.index.lookup(.content(FileHasher.digest(of: data).hash))
            #expect(sources.count == 2, "the faulty source is offered too")
            let (done, arrived) = try await leecher.fetch(data, name: "film.mkv")
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(data))
            #expect(faulty.fileRequests >= 1, "the faulty source was tried")
            await faulty.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    @Test("sources that never answer, registered before the honest one, neither hold up the chunk list nor the end of the download")
    func stallersFirst() async throws {
        try await TestIndex.with { index in
            let data = TestPeer.bytes(4 * Self.mib + 10, seed: 23)
            var stallers: [FaultySource] = []
            for _ in 0..<5 {
                stallers.append(try await FaultySource(file: data, name: "film.mkv", fault: .stallEverything, indexPort: index.port))
            }
            stallers.append(try await FaultySource(file: data, name: "film.mkv", fault: .stall, indexPort: index.port))
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["film.mkv": data])
            try await index.logs.waitFor(count: 7, "every source registered") { $0.contains("registered 1 file") }
            // Chunk timeouts far longer than the test may take: the download must not wait for them. With a
            // 30 s chunk-list timeout per staller asked in turn, the five would cost 150 s before it starts.
            let leecher = try await TestPeer(indexPort: index.port, name: "leech") { $0.chunkTimeout = .seconds(3600) }
            try await leecher.waitUntilConnected()
            let (done, arrived) = try await leecher.fetch(data, name: "film.mkv")
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(data))
            for staller in stallers { await staller.stop() }
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    @Test("impostors claiming a file's id: a chunk list that does not hash to the id is never used; the true list with other bytes costs one chunk; the file arrives intact")
    func impostorRoot() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(3 * Self.mib + 77, seed: 31)
            let fake = TestPeer.bytes(real.count, seed: 32)
            // Registered before the honest peer, so they are listed (and asked) first.
            let listLiar = try await FaultySource(file: fake, name: "film.mkv", fault: .none, indexPort: index.port, claiming: real)
            let byteLiar = try await FaultySource(file: fake, name: "film.mkv", fault: .none, indexPort: index.port, claiming: real,
                                                  servingTrueList: true)
            let impostors = [listLiar, byteLiar]
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["film.mkv": real])
            try await index.logs.waitFor(count: 3, "every source registered") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let (done, arrived) = try await leecher.fetch(real, name: "film.mkv")
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(real))
            #expect(listLiar.fileRequests == 0, "a source whose list did not hash to the id was never asked for a chunk")
            #expect(byteLiar.fileRequests <= 1, "a source sending bad bytes is dropped at its first chunk")
            #expect(leecher.logs.messages().contains { $0.contains("sent a chunk list that is not") })
            for impostor in impostors { await impostor.stop() }
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    @Test("an impostor announcing the file's hash with another size, registered first, wins the index's tie but cannot hide the honest holder")
    func impostorSize() async throws {
        try await TestIndex.with { index in
            let real = TestPeer.bytes(2 * Self.mib + 5, seed: 33)
            let fake = TestPeer.bytes(3 * Self.mib + 9, seed: 34)
            let impostor = try await FaultySource(file: fake, name: "song.flac", fault: .none, indexPort: index.port, claiming: real)
            let honest = try await TestPeer.connected(indexPort: index.port, name: "honest", files: ["song.flac": real])
            try await index.logs.waitFor(count: 2, "both registered") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let hash = FileHasher.digest(of: real).hash
            let (agreed, _) = try await leecher.engine.index.lookup(.content(hash))
            #expect(agreed == UInt64(fake.count), "the impostor's size wins the tie: it registered first")
            let (done, arrived) = try await leecher.fetch(real, name: "song.flac", size: agreed)
            #expect(done.state == .completed, "\(done.lastError ?? "")")
            #expect(arrived == Data(real))
            await impostor.stop()
            for peer in [honest, leecher] { await peer.discard() }
        }
    }

    /// `shoal get` as a child process (so it can be killed with SIGKILL).
    static func startGet(_ arguments: [String], in folder: String) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["get"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": folder]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildLaunch.start(process)
        return process
    }

    @Test("kill -9 mid-download, then the same command again: it resumes, the SHA-256 matches, nothing partial is ever visible")
    func killNine() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let data = TestPeer.bytes(12 * Self.mib, seed: 22)
            let hash = FileHasher.digest(of: data).hash
            let seeder = try await TestPeer(indexPort: index.port, name: "seed", files: ["big.iso": data]) {
                $0.maximumUploadRate = 4 * Self.mib
            }
            try await seeder.waitUntilConnected()
            try await index.logs.waitFor("the registration") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("kill9")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let arguments = [hash.hex, "--index", "127.0.0.1:\(index.port)", "--listen", "127.0.0.1"]

            let first = try Self.startGet(arguments, in: folder)
            // Killed once the downloader has saved two verified chunks (checked at each upload event: what the
            // seeder has sent may still be in buffers, more so over TLS on a busy machine).
            try await seeder.events.waitFor(timeout: TestDeadline.work, "two chunks saved by the downloader") {
                if case .transfer(let s) = $0, s.direction == .upload { return Self.savedChunks(in: folder + "/.shoal") >= 2 }
                return false
            }
            kill(first.processIdentifier, SIGKILL)
            #expect(ChildExit.status(of: first) == SIGKILL, "ended by the signal")
            let visible = try FileManager.default.contentsOfDirectory(atPath: folder + "/downloads").filter { !$0.hasPrefix(".") }
            #expect(visible.isEmpty, "nothing partial in downloads/: \(visible)")
            let servedBefore = seeder.engine.uploadStatistics.servedRanges.count

            let second = try await CommandLineTests.run(["get"] + arguments, in: folder)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout == "downloads/big.iso\n")
            let arrived = try #require(FileManager.default.contents(atPath: folder + "/downloads/big.iso"))
            #expect(FileHasher.digest(of: [UInt8](arrived)).hash == hash)
            let servedAfter = seeder.engine.uploadStatistics.servedRanges.count - servedBefore
            #expect(servedAfter < 12, "resumed: \(servedAfter) of 12 chunks fetched again")
            await seeder.discard()
        }
    }

    /// Verified chunks the download in the state folder `state` has saved (0 while there is none).
    static func savedChunks(in state: String) -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        guard FileManager.default.fileExists(atPath: state + "/shoal.sqlite"),
              let database = try? DatabaseQueue(path: state + "/shoal.sqlite", configuration: configuration),
              let bitmaps = try? database.read({ try Data.fetchAll($0, sql: "SELECT bitmap FROM download") }) else { return 0 }
        return bitmaps.reduce(0) { total, bitmap in total + bitmap.reduce(0) { $0 + $1.nonzeroBitCount } }
    }

    @Test("the disk fills up mid-download: a clear error and exit 5; a file already in downloads/ is untouched")
    func diskFull() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let data = TestPeer.bytes(6 * Self.mib, seed: 23)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["large.bin": data])
            try await index.logs.waitFor("the registration") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("diskfull")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let downloads = folder + "/small-disk"
            try FileManager.default.createDirectory(atPath: downloads, withIntermediateDirectories: true)
            let keep = TestPeer.bytes(Self.mib, seed: 24)
            try Data(keep).write(to: URL(fileURLWithPath: folder + "/keep.bin"))
            // A 3 MiB file system of its own (a tmpfs in a private mount namespace), holding a 1 MiB file
            // that was there before; then a 6 MiB download into it.
            let script = """
                set -e
                mount -t tmpfs -o size=3m shoal-test \(downloads)
                cp \(folder)/keep.bin \(downloads)/keep.bin
                set +e
                \(CommandLineTests.executable.path) get \(FileHasher.digest(of: data).hash.hex) --index 127.0.0.1:\(index.port) \
                  --listen 127.0.0.1 --downloads \(downloads) --state \(folder)/state 2>\(folder)/stderr
                echo "exit=$?"
                cmp -s \(folder)/keep.bin \(downloads)/keep.bin && echo "keep=intact"
                ls \(downloads)
                """
            try await SystemTool.unshare.require()
            let run = try await CommandLineTests.run(["-c", script], in: folder, executable: "/usr/bin/unshare", prefix: ["-rm", "sh"])
            let stderr = (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? ""
            #expect(run.stdout.contains("exit=5"), "\(run.stdout) \(run.stderr) \(stderr)")
            #expect(stderr.contains("disk full"), "\(stderr)")
            #expect(run.stdout.contains("keep=intact"))
            #expect(run.stdout.split(separator: "\n").filter { !$0.hasPrefix("exit=") && !$0.hasPrefix("keep=") } == ["keep.bin"],
                    "no partial or damaged file is visible: \(run.stdout)")
            await seeder.discard()
        }
    }

    /// The built `shoal-index`, beside `shoal`.
    static var indexExecutable: URL { CommandLineTests.executable.deletingLastPathComponent().appendingPathComponent("shoal-index") }

    /// Starts `shoal-index` on `port` with its TLS key in `state`; its log (stderr) can be read from the
    /// returned pipe.
    static func startIndex(port: Int, state indexState: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = indexExecutable
        // One state folder for every start: the same TLS key, which the peer remembers (§9.1).
        process.arguments = ["--port", "\(port)", "--log-level", "info", "--allow-plaintext", "--state", indexState]
        process.standardOutput = FileHandle.nullDevice
        let log = try ChildLaunch.start(process) { process in
            let log = Pipe()
            process.standardError = log
            return log
        }
        return (process, log)
    }

    @Test("the index killed with SIGKILL and started again: the peer registers its share again by itself")
    func indexKilled() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.indexExecutable.path) else {
            Issue.record("build the shoal-index product first (swift build)")
            return
        }
        // Restarted on the same port: one no outgoing connection can take meanwhile.
        let probe = try RestartablePort.pick()
        let state = TestPeer.temporaryFolder("index-state")
        var (index, _) = try Self.startIndex(port: probe, state: state)
        defer {
            if index.isRunning { kill(index.processIdentifier, SIGKILL) }
            _ = ChildExit.status(of: index)
        }
        let data = TestPeer.bytes(5000, seed: 25)
        let peer = try await TestPeer.connected(indexPort: probe, name: "seed", files: ["kept.txt": data])
        let before = peer.events.count
        kill(index.processIdentifier, SIGKILL)
        _ = ChildExit.status(of: index)
        try await peer.events.waitFor("the disconnection", after: before) {
            if case .index(.disconnected) = $0 { return true }
            return false
        }
        let log: Pipe
        (index, log) = try Self.startIndex(port: probe, state: state)
        try await peer.waitUntilConnected(after: before)
        let reader = log.fileHandleForReading
        try await within(TestDeadline.eventDuration, "the restarted index to log the registration") {
            var text = ""
            while !text.contains("registered 1 file") {
                let data = reader.availableData  // blocks until the index writes; empty at its exit
                if data.isEmpty { throw TestTimeout("the registration (the index exited)") }
                text += String(decoding: data, as: UTF8.self)
            }
        }
        let client = try await RawClient.connect(port: probe)
        try await client.send("LOOKUP FILE \(FileHasher.digest(of: data).hash.hex) P2P-CI/2.1\r\n\r\n")
        #expect(try await client.response().status == .ok, "the restarted index knows the peer's file")
        await client.close()
        await peer.discard()
    }
}

