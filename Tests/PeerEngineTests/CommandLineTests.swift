import Foundation
import Model
import PeerEngine
import Testing
import TestSupport
import Wire

/// The `shoal` binary as scripts use it: output, files and exit codes.
@Suite("shoal command line", .serialized)
struct CommandLineTests {
    /// The built `shoal` executable: beside the test binary in the build folder (`swift test` builds it),
    /// else in `.build/debug` of this package.
    static var executable: URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("shoal")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/shoal")
    }

    /// True when the `shoal` executable is built; otherwise records why the test cannot run.
    static func executableIsBuilt() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            Issue.record("build the shoal product first (swift build); looked at \(executable.path)")
            return false
        }
        return true
    }

    typealias Run = ProcessRunner.Finished

    /// Runs `shoal` (or `executable` with `prefix` arguments first) in `folder`, which is also its config folder (XDG_CONFIG_HOME): the user's own
    /// configuration never leaks into a test.
    static func run(_ arguments: [String], in folder: String, executable: String? = nil, prefix: [String] = []) async throws -> Run {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? Self.executable
        process.arguments = prefix + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["XDG_CONFIG_HOME": folder]) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        return try await ProcessRunner.run(process)
    }

    @Test("search prints JSON lines, get fetches the verified file and prints its path; misses and dead indexes have their exit codes")
    func searchAndGet() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let data = TestPeer.bytes(1_500_000, seed: 11)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["Über Song.flac": data])
            try await index.logs.waitFor("the registration") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("cli")
            let indexFlag = ["--index", "127.0.0.1:\(index.port)"]

            let search = try await Self.run(["search", "uber", "--json"] + indexFlag, in: folder)
            #expect(search.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])
            #expect(object["name"] as? String == "Über Song.flac" && object["size"] as? Int == data.count)
            #expect(object["key"] as? String == FileHasher.digest(of: data).hash.hex)

            let get = try await Self.run(["get", "über song.flac", "--listen", "127.0.0.1"] + indexFlag, in: folder)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(get.stdout == "downloads/Über Song.flac\n")
            #expect(FileManager.default.contents(atPath: folder + "/downloads/Über Song.flac") == Data(data))

            let seederID = try await seeder.waitUntilConnected()
            let list = try await Self.run(["list", "--json"] + indexFlag, in: folder)
            #expect(list.status == 0 && list.stdout.split(separator: "\n").count == 1 && list.stdout.contains("Über Song.flac"))
            let browse = try await Self.run(["browse", seederID.description] + indexFlag, in: folder)
            #expect(browse.status == 0 && browse.stdout.hasPrefix("SIZE") && browse.stdout.contains("Über Song.flac"))
            #expect(try await Self.run(["browse", "p999"] + indexFlag, in: folder).status == 2)
            #expect(try await Self.run(["search", "nothing", "here"] + indexFlag, in: folder).status == 2)
            let dead = try await Self.run(["search", "uber", "--index", "127.0.0.1:1"], in: folder)
            #expect(dead.status == 3 && dead.stderr == "shoal: the index at 127.0.0.1:1 is unreachable\n")
            let usage = try await Self.run(["get", "x", "--from", "nobody"] + indexFlag, in: folder)
            #expect(usage.status == 64 && usage.stderr.contains("--from takes a peer id"))
            await seeder.discard()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    @Test("shoal hash prints the id search shows, the same as the README's coreutils recipe; an unreadable file is named and exits 1")
    func hashCommand() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        let folder = TestPeer.temporaryFolder("hash")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = TestPeer.bytes(3 * (1 << 20) + 12_345, seed: 5)
        try Data(data).write(to: URL(fileURLWithPath: folder + "/three and a bit.bin"))
        let hash = try await Self.run(["hash", "three and a bit.bin"], in: folder)
        #expect(hash.status == 0 && hash.stdout == "\(FileHasher.digest(of: data).hash.hex)  three and a bit.bin\n", "\(hash.stderr)")

        // README, "A file's id": split into 1 MiB parts, hash each, hash the digests' bytes.
        let recipe = Process()
        recipe.executableURL = URL(fileURLWithPath: "/bin/sh")
        recipe.currentDirectoryURL = URL(fileURLWithPath: folder)
        recipe.arguments = ["-c", """
            mkdir parts && split -b 1M 'three and a bit.bin' parts/part. && \
            for p in parts/part.*; do sha256sum "$p" | cut -c1-64 | tr a-f A-F | tr -d '\\n' | basenc --base16 -d; done | sha256sum
            """]
        let byHand = try await ProcessRunner.run(recipe)
        #expect(byHand.stdout == "\(FileHasher.digest(of: data).hash.hex)  -\n", "\(byHand.stderr)")

        let missing = try await Self.run(["hash", "three and a bit.bin", "nothing here"], in: folder)
        #expect(missing.status == 1 && missing.stdout.hasSuffix("  three and a bit.bin\n"))
        #expect(missing.stderr == "shoal: cannot read nothing here\n")
    }

    @Test("the config file sets the index and the folders; flags override it; a broken one names the file and line; --help shows where it is")
    func configurationFile() async throws {
        guard CommandLineTests.executableIsBuilt() else { return }
        try await TestIndex.with { index in
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: ["Config Song.ogg": TestPeer.bytes(10_000, seed: 3)])
            try await index.logs.waitFor("the registration") { $0.contains("registered 1 file") }
            let folder = TestPeer.temporaryFolder("config")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let file = folder + "/shoal/config.toml"
            try FileManager.default.createDirectory(atPath: folder + "/shoal", withIntermediateDirectories: true)
            try "# test\nindex = \"127.0.0.1:\(index.port)\"\n\n[folders]\ndownloads = \"got\"\n".write(toFile: file, atomically: true, encoding: .utf8)

            let search = try await Self.run(["search", "config"], in: folder)
            #expect(search.status == 0 && search.stdout.contains("Config Song.ogg"), "\(search.stderr)")
            let get = try await Self.run(["get", "config song", "--listen", "127.0.0.1"], in: folder)
            #expect(get.status == 0 && get.stdout == "got/Config Song.ogg\n", "\(get.stderr)")
            let overridden = try await Self.run(["search", "config", "--index", "127.0.0.1:1"], in: folder)
            #expect(overridden.status == 3, "the --index flag wins over the file")

            try "index = \"127.0.0.1:\(index.port)\"\n[limits]\nupload-rate = \"fast\"\n".write(toFile: file, atomically: true, encoding: .utf8)
            let broken = try await Self.run(["search", "config"], in: folder)
            #expect(broken.status == 64)
            #expect(broken.stderr.hasPrefix("shoal: \(file):3: upload-rate must be a rate"), "\(broken.stderr)")
            let named = try await Self.run(["list", "--config", folder + "/missing.toml"], in: folder)
            #expect(named.status == 64 && named.stderr.contains("missing.toml: no such file"))

            let help = try await Self.run(["search", "--help"], in: folder)
            #expect(help.stdout.contains(file), "the config file's location is in --help")
            await seeder.discard()
        }
    }
}

