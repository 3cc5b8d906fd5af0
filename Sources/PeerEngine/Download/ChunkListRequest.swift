import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Asks a file's sources for its chunk list, in a ``StaggeredRace``: the first list that hashes to the file's
/// id wins. Sources that stall (registered first, never answering) cost a download a fraction of a second
/// each, not the 30 s answer timeout each.
struct ChunkListRequest: Sendable {
    static let timeout: TimeAmount = .seconds(30)

    let hash: ContentHash
    let expectedCount: Int
    /// How a connection to a source is made (directly, or connected back through the index).
    let connect: @Sendable (FileSource) async throws -> ProtocolConnection
    let clock: any EngineClock

    /// What the race found.
    struct Outcome: Sendable {
        /// The first valid list, if any source sent one.
        var list: ChunkList?
        /// Sources that sent a list whose root is not the file's id: whatever they have, it is not this file.
        var liars: [FileSource]
        /// Sources no connection could be made to, and why.
        var unreachable: [(source: FileSource, error: any Error)]
    }

    /// The first valid chunk list among `candidates`, and the sources found lying on the way.
    func first(of candidates: [FileSource]) async -> Outcome {
        let found = NIOLockedValueBox(Outcome(list: nil, liars: [], unreachable: []))
        let list = await StaggeredRace(clock: clock) { source in await ask(source, found: found) }.first(of: candidates)
        return found.withLockedValue { found in
            found.list = list
            return found
        }
    }

    /// One source's chunk list, if it sends one whose root is the file's id with an entry per chunk of the
    /// size being tried. (A list of the id with another count is no lie: the size tried is wrong.)
    @Sendable private func ask(_ source: FileSource, found: NIOLockedValueBox<Outcome>) async -> ChunkList? {
        let connection: ProtocolConnection
        do {
            connection = try await connect(source)
        } catch {
            found.withLockedValue { $0.unreachable.append((source, error)) }
            return nil
        }
        let answer = try? await connection.send(.getChunks(hash), timeout: Self.timeout, closeOnCancel: true)
        await connection.close()
        guard let answer, answer.status == .ok else { return nil }
        guard let list = ChunkList(wireLines: answer.lines), list.root == hash else {
            found.withLockedValue { $0.liars.append(source) }
            return nil
        }
        return list.digests.count == expectedCount ? list : nil
    }
}
