import Foundation
import Model
import PeerEngine
import ServiceLifecycle
import Synchronization
import Wire

/// `shoal get` as a service: start the peer, wait for the index, find the file, download it, report.
final class Getter: Service {
    let engine: ShoalEngine
    let target: String
    let from: PeerID?
    /// Set when the download ended (nil when interrupted).
    let result = Mutex<Result<String, CLIFailure>?>(nil)

    init(engine: ShoalEngine, target: String, from: PeerID?) {
        self.engine = engine
        self.target = target
        self.from = from
    }

    func run() async throws {
        // Ctrl-C or SIGTERM cancels the work; the download stays saved and resumes next time.
        let work = Task { await self.perform() }
        let outcome = await withTaskCancellationOrGracefulShutdownHandler {
            await work.value
        } onCancelOrGracefulShutdown: {
            work.cancel()
        }
        result.withLock { $0 = outcome }
        await engine.stop()
    }

    private func perform() async -> Result<String, CLIFailure>? {
        do {
            try await engine.start(scanFirst: false)
            var events = engine.events.makeAsyncIterator()
            while true {
                guard let event = await events.next() else { return nil }
                if case .index(.classic(let address, _, _)) = event {
                    printError("shoal: \(IndexConnectionState.classicNotice(address: address))")
                }
                if case .index(let state) = event, state.isConnected { break }
                if case .index(.disconnected(let address, _, _)) = event {
                    return .failure(.unreachable("the index at \(address) is unreachable"))
                }
            }
            let (key, name, size) = try await resolve()
            let id = try await engine.download(key, name: name, size: size, from: from)
            var progress = ProgressReporter(terminal: isatty(STDERR_FILENO) == 1)
            while let event = await events.next() {
                guard case .transfer(let snapshot) = event, snapshot.id == id, snapshot.direction == .download else { continue }
                progress.show(snapshot)
                guard snapshot.state.isFinished else { continue }
                progress.finish()
                if snapshot.state == .completed, let path = snapshot.path { return .success(path) }
                return .failure(Self.failure(snapshot.lastError ?? "the download \(snapshot.state.rawValue)"))
            }
            progress.finish()
            return nil
        } catch {
            return .failure(CLIFailure.from(error))
        }
    }

    /// Turns the target into a file key, a name to save it under, and its size.
    private func resolve() async throws -> (FileKey, String, UInt64?) {
        let index = try engine.index
        if let key = FileKey(target) {
            let (size, sources) = try await index.lookup(key)
            let usable = sources.filter { from == nil || $0.peer == from }
            guard let first = usable.first else {
                throw CLIFailure.nothingFound(from.map { "\($0) does not have \(target)" } ?? "nobody has \(target) now")
            }
            return (key, key.savedName(first.name), size)
        }
        let words = NameTokenizer.words(target)
        guard words.contains(where: { $0.count >= 2 }) else {
            throw CLIFailure.nothingFound("'\(target)' is neither a hash, rfc:N, nor a searchable name")
        }
        let (hits, _) = try await index.search(SearchQuery(keywords: words, limit: 50))
        let exact = hits.filter { $0.name.lowercased() == target.lowercased() }
        guard let hit = exact.count == 1 ? exact[0] : (hits.count == 1 ? hits[0] : nil) else {
            if hits.isEmpty { throw CLIFailure.nothingFound("nothing matches '\(target)'") }
            let choices = (exact.isEmpty ? hits : exact).prefix(5).map { "\($0.key) \($0.name)" }.joined(separator: "; ")
            throw CLIFailure.nothingFound("'\(target)' matches \(exact.isEmpty ? hits.count : exact.count) files; give a hash: \(choices)")
        }
        return (hit.key, hit.key.savedName(hit.name), hit.size)
    }

    private static func failure(_ reason: String) -> CLIFailure {
        if reason.hasPrefix("hash mismatch") { return CLIFailure(message: reason, code: 4) }
        let storage = ["disk full", "cannot save", "Permission denied", "Read-only file system", "quota"]
        if storage.contains(where: reason.contains) { return CLIFailure(message: reason, code: 5) }
        if reason.hasPrefix("nobody has") { return .nothingFound(reason) }
        return .failed(reason)
    }
}
