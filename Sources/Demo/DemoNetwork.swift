import Foundation
import IndexServer
import Logging
import Model
import PeerEngine
import Trust

/// Everything `shoal demo` runs besides the user's own peer, in this process: an index on a free
/// loopback port and three bot peers sharing generated samples from a temporary folder, their uploads
/// rate-limited so transfers can be watched. ``stop()`` ends them all and deletes the folder.
public final class DemoNetwork: Sendable {
    /// The temporary folder: `samples/` and one folder per bot (`uploads/`, `downloads/`, `state/`).
    public let folder: String
    /// Where the demo's index listens (127.0.0.1 and a free port).
    public let index: IndexAddress
    private let server: IndexServer
    private let bots: [ShoalEngine]

    /// What the demo generates, in bytes (each sample once; bots share them through hard links).
    public static var sampleBytes: Int { DemoSamples.all.reduce(0) { $0 + $1.size } }

    private init(folder: String, index: IndexAddress, server: IndexServer, bots: [ShoalEngine]) {
        self.folder = folder
        self.index = index
        self.server = server
        self.bots = bots
    }

    /// Generates the samples, starts the index and the bots, and returns once every bot has hashed its
    /// share (they register it with the index as soon as they connect). `progress` hears each step.
    /// `shouldStop` is asked between steps (Ctrl-C while preparing): when it says yes, everything started
    /// so far is undone and ``DemoStopped`` is thrown.
    public static func start(botUploadRate: Int?, logger: Logger, progress: (String) -> Void,
                             shouldStop: () -> Bool = { false }) async throws -> DemoNetwork {
        let folder = try makeFolder()
        do {
            progress("generating \(DemoSamples.all.count) sample files (\(ByteCount.format(UInt64(sampleBytes)))) in \(folder)")
            try writeSamples(into: folder, shouldStop: shouldStop)
            // TLS as a real index runs it, with a key made for the demo; every peer is given its keyprint.
            let identity = try TLSIdentity.ephemeral(name: "shoal demo index")
            var settings = IndexServerConfiguration(host: "127.0.0.1", port: 0)
            settings.links = LinkPolicy(identity: identity)
            let server = IndexServer(configuration: settings, logger: logger)
            let port = try await server.start().port ?? 0
            let index = IndexAddress(host: "127.0.0.1", port: port, keyprint: identity.keyprint.description)
            progress("index on \(index); \(DemoSamples.bots.count) bots hashing their shares")
            var bots: [ShoalEngine] = []
            do {
                for (number, name) in DemoSamples.bots.enumerated() {
                    let home = (folder as NSString).appendingPathComponent(name)
                    var configuration = EngineConfiguration(
                        uploads: home + "/uploads", downloads: home + "/downloads", state: home + "/state",
                        indexHost: index.host, indexPort: index.port, uploadHost: "127.0.0.1", uploadPort: 0,
                        nickname: name, uploadSlots: 8, maximumUploadRate: botUploadRate, rescanInterval: 3600)
                    configuration.indexKeyprint = index.keyprint
                    var botLogger = logger
                    botLogger[metadataKey: "bot"] = "\(number + 1)"
                    bots.append(try ShoalEngine(configuration: configuration, logger: botLogger))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for bot in bots { group.addTask { try await bot.start(scanFirst: true) } }
                    try await group.waitForAll()
                }
                if shouldStop() { throw DemoStopped() }
            } catch {
                for bot in bots { await bot.stop() }
                try? await server.stop()
                throw error
            }
            return DemoNetwork(folder: folder, index: index, server: server, bots: bots)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Stops the bots and the index and deletes the temporary folder.
    public func stop() async {
        await withTaskGroup(of: Void.self) { group in
            for bot in bots { group.addTask { await bot.stop() } }
        }
        try? await server.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A new private folder `shoal-demo-PID-XXXXXX` in the temporary folder ($TMPDIR), after removing those
    /// of demos that died without cleaning up (their process is gone).
    static func makeFolder() throws -> String {
        let temporary = FileManager.default.temporaryDirectory.path
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where entry.hasPrefix("shoal-demo-") {
            let pidText = entry.dropFirst("shoal-demo-".count).prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (temporary as NSString).appendingPathComponent(entry))
            }
        }
        var template = Array((temporary as NSString).appendingPathComponent("shoal-demo-\(getpid())-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        return String(cString: made)
    }

    /// Each sample once in `samples/`, hard-linked (copied where links fail) into its bots' shares.
    static func writeSamples(into folder: String, shouldStop: () -> Bool) throws {
        let samples = (folder as NSString).appendingPathComponent("samples")
        try FileManager.default.createDirectory(atPath: samples, withIntermediateDirectories: true)
        for name in DemoSamples.bots {
            try FileManager.default.createDirectory(atPath: "\(folder)/\(name)/uploads", withIntermediateDirectories: true)
        }
        for sample in DemoSamples.all {
            if shouldStop() { throw DemoStopped() }
            let original = (samples as NSString).appendingPathComponent(sample.name)
            try DemoSamples.write(sample, to: original)
            for bot in sample.sharers {
                let shared = "\(folder)/\(DemoSamples.bots[bot])/uploads/\(sample.name)"
                do { try FileManager.default.linkItem(atPath: original, toPath: shared) } catch {
                    try FileManager.default.copyItem(atPath: original, toPath: shared)
                }
            }
        }
    }
}

/// The demo was asked to stop (Ctrl-C) before it was ready.
public struct DemoStopped: Error, CustomStringConvertible {
    public var description: String { "stopped before the demo was ready" }
}
