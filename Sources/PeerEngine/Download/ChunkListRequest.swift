import Model
import NIOCore
import Wire

/// Asks the sources of one root for the file's chunk list, in a ``StaggeredRace``: the first valid list wins.
/// Sources that stall (registered first, never answering) cost a download a fraction of a second each, not
/// the 30 s answer timeout each.
struct ChunkListRequest: Sendable {
    static let timeout: TimeAmount = .seconds(30)

    let hash: ContentHash
    let root: ContentHash
    let expectedCount: Int
    let group: any EventLoopGroup
    let clock: any EngineClock

    /// The first valid chunk list among `candidates`, or nil when none gives one.
    func first(of candidates: [FileSource]) async -> ChunkList? {
        await StaggeredRace(clock: clock, attempt: ask).first(of: candidates)
    }

    /// One source's chunk list, if it sends a valid one for the root it published.
    @Sendable private func ask(_ source: FileSource) async -> ChunkList? {
        guard let connection = try? await ProtocolConnection.connect(host: source.host, port: source.port, group: group) else { return nil }
        let answer = try? await connection.send(.getChunks(hash), timeout: Self.timeout, closeOnCancel: true)
        await connection.close()
        guard let answer, answer.status == .ok, let list = ChunkList(wireLines: answer.lines),
              list.digests.count == expectedCount, list.root == root else { return nil }
        return list
    }
}
