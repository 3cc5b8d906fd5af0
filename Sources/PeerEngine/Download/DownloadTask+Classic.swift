import Foundation
import Model
import NIOConcurrencyHelpers
import NIOCore
import Wire

/// Classic downloads (GET RFC from P2P-CI/1.0 peers): one whole file from the first source that sends it,
/// checked only for its exact length, since classic files have no hash.
extension DownloadTask {
    /// Classic sources are raced (``StaggeredRace``): one, then another each second while none has sent
    /// the whole file, so a source that stalls, wherever the index lists it, costs about a second, not the
    /// 120 s answer timeout.
    static let classicStagger: Duration = .seconds(1)
    static let classicAtOnce = 4

    func fetchClassic(number: Int, sources: [FileSource]) async throws {
        meter.start(at: .now())
        await set(.downloading)
        let problems = NIOLockedValueBox("no source answered")
        let group = env.group
        let race = StaggeredRace<FileSource, ByteBuffer>(stagger: Self.classicStagger, maximumAtOnce: Self.classicAtOnce,
                                                         clock: env.clock) { source in
            await self.sourceJoined(1)
            await self.classicTurn(source, began: true)
            let outcome = await Self.getRFC(number, from: source, group: group)
            await self.sourceJoined(-1)
            switch outcome {
            case .success(let body):
                await self.classicTurn(source, sent: body.readableBytes)
                return body
            case .failure(let problem):
                problems.withLockedValue { $0 = problem.description }
                await self.classicTurn(source, problem: problem.description)
                return nil
            }
        }
        guard let body = await race.first(of: sources) else {
            try Task.checkCancellation()
            throw DownloadFailure.index(problems.withLockedValue { $0 })
        }
        record.size = UInt64(body.readableBytes)
        try await env.io { [partial] in
            try partial.truncate()
            try partial.write(body, at: 0)
        }
        bytesDone = UInt64(body.readableBytes)
        meter.record(bytesDone, at: .now())
        try await finish(id: nil)
    }

    /// One classic source's turn, for the details view: asked, then the whole file or why not.
    private func classicTurn(_ source: FileSource, began: Bool = false, sent bytes: Int? = nil, problem: String? = nil) {
        if began {
            ledger.connecting(source)
            ledger.connected(source, at: .now())
        }
        if let bytes { ledger.verified(bytes, from: source, at: .now()) }
        if bytes != nil || problem != nil { ledger.ended(source, problem: problem) }
    }

    /// Why one classic source gave no file.
    struct ClassicProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// One classic GET: the whole body, checked for its exact length (classic files have no hash).
    private static func getRFC(_ number: Int, from source: FileSource, group: any EventLoopGroup) async -> Result<ByteBuffer, ClassicProblem> {
        let connection: ProtocolConnection
        do {
            connection = try await ProtocolConnection.connect(host: source.host, port: source.port, group: group, dataLink: true)
        } catch {
            return .failure(ClassicProblem(description: "\(source.peer) at \(source.host):\(source.port) could not be reached (\(error))"))
        }
        // The assignment's Host is the peer being asked, as its record names it (a strict peer checks it).
        let answer: ParsedResponse
        do {
            answer = try await connection.send(.getRFC(number: number, host: source.host, os: UploadContext.operatingSystem),
                                               timeout: .seconds(120), closeOnCancel: true)
        } catch {
            await connection.close()
            return .failure(ClassicProblem(description: "\(source.peer) at \(source.host):\(source.port) sent no answer to GET RFC \(number) (\(error))"))
        }
        await connection.close()
        guard answer.status == .ok else { return .failure(ClassicProblem(description: "\(source.peer) answered \(answer.status.description)")) }
        // A classic file cannot be verified by hash: at least insist it arrived whole.
        guard let declared = answer.headers["Content-Length"].flatMap({ Int($0) }), declared == answer.body.readableBytes else {
            return .failure(ClassicProblem(description: "\(source.peer) sent no exact Content-Length"))
        }
        return .success(answer.body)
    }
}
