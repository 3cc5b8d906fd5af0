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
    let group: any EventLoopGroup
    let clock: any EngineClock

    /// What the race found.
    struct Outcome: Sendable {
        /// The first valid list, if any source sent one.
        var list: ChunkList?
        /// Sources that sent a list whose root is not the file's id: whatever they have, it is not this file.
        var liars: [FileSource]
    }

    /// The first valid chunk list among `candidates`, and the sources found lying on the way.
    func first(of candidates: [FileSource]) async -> Outcome {
        let liars = NIOLockedValueBox<[FileSource]>([])
        let list = await StaggeredRace(clock: clock) { source in await ask(source, liars: liars) }.first(of: candidates)
        return Outcome(list: list, liars: liars.withLockedValue { $0 })
    }

    /// One source's chunk list, if it sends one whose root is the file's id with an entry per chunk of the
    /// size being tried. (A list of the id with another count is no lie: the size tried is wrong.)
    @Sendable private func ask(_ source: FileSource, liars: NIOLockedValueBox<[FileSource]>) async -> ChunkList? {
        guard let connection = try? await ProtocolConnection.connect(host: source.host, port: source.port, group: group) else { return nil }
        let answer = try? await connection.send(.getChunks(hash), timeout: Self.timeout, closeOnCancel: true)
        await connection.close()
        guard let answer, answer.status == .ok else { return nil }
        guard let list = ChunkList(wireLines: answer.lines), list.root == hash else {
            liars.withLockedValue { $0.append(source) }
            return nil
        }
        return list.digests.count == expectedCount ? list : nil
    }
}
