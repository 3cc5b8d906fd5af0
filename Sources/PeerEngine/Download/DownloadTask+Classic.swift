import Foundation
import Model
import Wire

/// Classic downloads (GET RFC from P2P-CI/1.0 peers): one whole file from the first source that sends it,
/// checked only for its exact length, since classic files have no hash.
extension DownloadTask {
    func fetchClassic(number: Int, sources: [FileSource]) async throws {
        meter.start(at: .now())
        set(.downloading)
        var lastProblem = "no source answered"
        for source in sources {
            try Task.checkCancellation()
            let connection: ProtocolConnection
            do {
                connection = try await ProtocolConnection.connect(host: source.host, port: source.port, group: env.group, dataLink: true)
            } catch {
                lastProblem = "\(source.peer) at \(source.host):\(source.port) could not be reached (\(error))"
                continue
            }
            sourceJoined(1)
            // The assignment's Host is the peer being asked, as its record names it (a strict peer checks it).
            let answer: ParsedResponse
            do {
                answer = try await connection.send(.getRFC(number: number, host: source.host, os: UploadContext.operatingSystem),
                                                   timeout: .seconds(120), closeOnCancel: true)
            } catch {
                sourceJoined(-1)
                await connection.close()
                lastProblem = "\(source.peer) at \(source.host):\(source.port) sent no answer to GET RFC \(number) (\(error))"
                continue
            }
            sourceJoined(-1)
            await connection.close()
            guard answer.status == .ok else {
                lastProblem = "\(source.peer) answered \(answer.status.description)"
                continue
            }
            // A classic file cannot be verified by hash: at least insist it arrived whole.
            guard let declared = answer.headers["Content-Length"].flatMap({ Int($0) }), declared == answer.body.readableBytes else {
                lastProblem = "\(source.peer) sent no exact Content-Length"
                continue
            }
            let body = answer.body
            record.size = UInt64(body.readableBytes)
            try await env.io { [partial] in
                try partial.truncate()
                try partial.write(body, at: 0)
            }
            bytesDone = UInt64(body.readableBytes)
            meter.record(bytesDone, at: .now())
            try await finish(expected: nil)
            return
        }
        throw DownloadFailure.index(lastProblem)
    }
}
