import Model
import NIOCore
import Wire

/// Asks sources for a file's chunk list, staggered like Happy Eyeballs: one source first, another each
/// ``stagger`` while none has answered (at most ``maximumAtOnce`` at once), and the first valid list wins.
/// Sources that stall (registered first, never answering) then cost a download a fraction of a second
/// each, not the 30 s answer timeout each.
struct ChunkListRequest: Sendable {
    static let stagger: Duration = .milliseconds(500)
    static let maximumAtOnce = 8
    static let timeout: TimeAmount = .seconds(30)

    let hash: ContentHash
    let root: ContentHash
    let expectedCount: Int
    let group: any EventLoopGroup

    /// What one task of the race reports.
    private enum Event: Sendable {
        case answered(ChunkList?)
        case tick
    }

    /// The first valid chunk list among `candidates`, or nil when none gives one.
    func first(of candidates: [FileSource]) async -> ChunkList? {
        guard !candidates.isEmpty else { return nil }
        return await withTaskGroup(of: Event.self) { tasks in
            var next = 0, running = 0, ticking = false
            while true {
                // Start another source when none is running, or on a tick while fewer than the most are.
                if next < candidates.count, running == 0 || (!ticking && running < Self.maximumAtOnce) {
                    let source = candidates[next]
                    next += 1
                    running += 1
                    tasks.addTask { .answered(await self.ask(source)) }
                    if next < candidates.count, !ticking {
                        ticking = true
                        tasks.addTask {
                            try? await Task.sleep(for: Self.stagger)
                            return .tick
                        }
                    }
                }
                guard let event = await tasks.next() else { return nil }
                switch event {
                case .answered(let list?):
                    tasks.cancelAll()
                    return list
                case .answered(nil):
                    running -= 1
                    if running == 0, next >= candidates.count { tasks.cancelAll(); return nil }
                case .tick:
                    ticking = false
                }
            }
        }
    }

    /// One source's chunk list, if it sends a valid one for the root it published.
    private func ask(_ source: FileSource) async -> ChunkList? {
        guard let connection = try? await ProtocolConnection.connect(host: source.host, port: source.port, group: group) else { return nil }
        let answer = try? await connection.send(.getChunks(hash), timeout: Self.timeout, closeOnCancel: true)
        await connection.close()
        guard let answer, answer.status == .ok, let list = ChunkList(wireLines: answer.lines),
              list.digests.count == expectedCount, list.root == root else { return nil }
        return list
    }
}
