import Foundation
import Logging
import Model
import NIOCore
import PeerEngine

/// A real peer engine in its own temporary folders, on loopback, with its events recorded.
public final class TestPeer: Sendable {
    public let engine: ShoalEngine
    public let events = Recorder<EngineEvent>()
    public let logs = LogRecorder()
    public let folder: String

    /// Creates folders under `folder` (a fresh temporary one by default) and starts the engine.
    /// - Parameter clock: the engine's time (a ``VirtualClock`` to test back-offs and patience limits).
    public init(indexPort: Int, name: String, files: [String: [UInt8]] = [:], folder: String? = nil,
                clock: any EngineClock = SystemClock(), configure: (inout EngineConfiguration) -> Void = { _ in }) async throws {
        let folder = folder ?? TestPeer.temporaryFolder(name)
        self.folder = folder
        let uploads = folder + "/uploads"
        try FileManager.default.createDirectory(atPath: uploads, withIntermediateDirectories: true)
        for (path, bytes) in files {
            let full = uploads + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        var configuration = EngineConfiguration(uploads: uploads, downloads: folder + "/downloads", state: folder + "/state",
                                                indexHost: "127.0.0.1", indexPort: indexPort, uploadHost: "127.0.0.1",
                                                nickname: name, reconnectDelay: .milliseconds(100))
        // TLS wherever the other side offers it (every TestIndex and TestPeer does); plaintext too, for the
        // tests' stub sources and raw clients. TLSTests check the refusals with plaintext off.
        configuration.allowsPlaintext = true
        configure(&configuration)
        engine = try ShoalEngine(configuration: configuration, logger: logs.logger(label: name), clock: clock)
        let events = self.events
        let stream = engine.subscribe()
        Task.detached { for await event in stream { events.append(event) } }
        try await engine.start()
    }

    /// A peer started as ``init(indexPort:name:files:folder:clock:configure:)`` starts one, once it is
    /// connected to the index.
    public static func connected(indexPort: Int, name: String, files: [String: [UInt8]] = [:], folder: String? = nil,
                                 clock: any EngineClock = SystemClock(),
                                 configure: (inout EngineConfiguration) -> Void = { _ in }) async throws -> TestPeer {
        let peer = try await TestPeer(indexPort: indexPort, name: name, files: files, folder: folder, clock: clock, configure: configure)
        try await peer.waitUntilConnected()
        return peer
    }

    public static func temporaryFolder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "shoal-test-\(name)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public var downloads: String { folder + "/downloads" }
    public var uploads: String { folder + "/uploads" }

    /// Waits until the peer is connected to the index (counting only connections after `skip` events).
    @discardableResult
    public func waitUntilConnected(after skip: Int = 0) async throws -> PeerID {
        let event = try await events.waitFor("connection to the index", after: skip) {
            if case .index(.connected) = $0 { return true }
            return false
        }
        guard case .index(.connected(_, let peer, _, _, _)) = event else { fatalError("unreachable") }
        return peer
    }

    /// Downloads the file of these `bytes`, by its id, as `name`, and waits for the download to end: its last
    /// snapshot, and what is in `downloads/` under that name then (nil when nothing is).
    public func fetch(_ bytes: [UInt8], name: String, size: UInt64? = nil, from peer: PeerID? = nil) async throws
        -> (done: TransferSnapshot, arrived: Data?) {
        let id = try await engine.download(.content(FileHasher.digest(of: bytes).hash), name: name, size: size, from: peer)
        let done = try await waitForTransfer(id)
        return (done, FileManager.default.contents(atPath: downloads + "/" + name))
    }

    /// Waits until a snapshot of transfer `id` satisfies `condition`; returns it.
    @discardableResult
    public func waitFor(transfer id: Int64, _ description: String, timeout: TimeAmount = TestDeadline.event,
                        until condition: @escaping @Sendable (TransferSnapshot) -> Bool) async throws -> TransferSnapshot {
        let event = try await events.waitFor(timeout: timeout, description) {
            if case .transfer(let snapshot) = $0, snapshot.id == id { return condition(snapshot) }
            return false
        }
        guard case .transfer(let snapshot) = event else { fatalError("unreachable") }
        return snapshot
    }

    /// Waits until transfer `id` reaches a finished state; returns its last snapshot.
    @discardableResult
    public func waitForTransfer(_ id: Int64, timeout: TimeAmount = TestDeadline.work) async throws -> TransferSnapshot {
        try await waitFor(transfer: id, "transfer \(id) to finish", timeout: timeout) { $0.state.isFinished }
    }

    public func stop() async {
        await engine.stop()
    }

    /// Stops and removes the folders.
    public func discard() async {
        await engine.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Deterministic pseudo-random bytes.
    public static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            withUnsafeBytes(of: state) { out.append(contentsOf: $0.prefix(count - out.count)) }
        }
        return out
    }
}
