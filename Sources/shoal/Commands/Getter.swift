import Foundation
import Model
import NIOConcurrencyHelpers
import PeerEngine
import ServiceLifecycle

/// `shoal get` as a service: wait for the index, find the file, queue it, follow it, report. The peer is
/// either this process's own (`engine`, started here and stopped at the end) or one running elsewhere on
/// the state folder, reached through its control socket: the download then belongs to that peer.
final class Getter: Service {
    let link: any EngineLink
    /// Set when this process runs the peer itself.
    let engine: ShoalEngine?
    let target: String
    let from: PeerID?
    let cancelOnInterrupt: Bool
    /// Set when the download ended (nil when interrupted).
    let result = NIOLockedValueBox<Result<String, CLIFailure>?>(nil)
    /// The transfer being followed, once queued.
    private let transfer = NIOLockedValueBox<Int64?>(nil)

    init(link: any EngineLink, engine: ShoalEngine?, target: String, from: PeerID?, cancelOnInterrupt: Bool) {
        self.link = link
        self.engine = engine
        self.target = target
        self.from = from
        self.cancelOnInterrupt = cancelOnInterrupt
    }

    func run() async throws {
        // Ctrl-C or SIGTERM stops following; the download stays saved (in a running peer, it goes on) unless
        // --cancel-on-interrupt says to cancel it.
        let work = Task { await self.perform() }
        let outcome = await withTaskCancellationOrGracefulShutdownHandler {
            await work.value
        } onCancelOrGracefulShutdown: {
            work.cancel()
        }
        if outcome == nil, cancelOnInterrupt, let id = transfer.withLockedValue({ $0 }) { await link.perform(.cancel(id)) }
        result.withLockedValue { $0 = outcome }
        await engine?.stop()
    }

    private func perform() async -> Result<String, CLIFailure>? {
        do {
            try await engine?.start(scanFirst: false)
            var events = link.subscribe().makeAsyncIterator()
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
            let id = try Self.queued(await link.ask(.download(key, name: name, size: size, from: from)))
            transfer.withLockedValue { $0 = id }
            var progress = ProgressReporter(terminal: isatty(STDERR_FILENO) == 1)
            while let event = await events.next() {
                guard case .transfer(let snapshot) = event, snapshot.id == id, snapshot.direction == .download else { continue }
                progress.show(snapshot)
                guard snapshot.state.isFinished else { continue }
                progress.finish()
                if snapshot.state == .completed, let path = snapshot.path { return .success(path) }
                return .failure(CLIFailure(snapshot))
            }
            progress.finish()
            return nil
        } catch {
            return .failure(CLIFailure.from(error))
        }
    }

    /// Turns the target into a file key, a name to save it under, and its size.
    private func resolve() async throws -> (FileKey, String, UInt64?) {
        if let key = FileKey(target) {
            let answer = await link.ask(.lookup(key))
            guard case .sources(let sources, let size) = answer else { throw answer.failure }
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
        let answer = await link.ask(.search(SearchQuery(keywords: words, limit: 50)))
        guard case .hits(let hits, _, _) = answer else { throw answer.failure }
        let exact = hits.filter { $0.name.lowercased() == target.lowercased() }
        guard let hit = exact.count == 1 ? exact[0] : (hits.count == 1 ? hits[0] : nil) else {
            if hits.isEmpty { throw CLIFailure.nothingFound("nothing matches '\(target)'") }
            let choices = (exact.isEmpty ? hits : exact).prefix(5).map { "\($0.key) \($0.name)" }.joined(separator: "; ")
            throw CLIFailure.nothingFound("'\(target)' matches \(exact.isEmpty ? hits.count : exact.count) files; give a hash: \(choices)")
        }
        return (hit.key, hit.key.savedName(hit.name), hit.size)
    }

    private static func queued(_ answer: QueryAnswer) throws -> Int64 {
        guard case .queued(let id) = answer else { throw answer.failure }
        return id
    }
}
