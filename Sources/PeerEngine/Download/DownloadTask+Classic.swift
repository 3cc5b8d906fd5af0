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
            guard let connection = try? await ProtocolConnection.connect(host: source.host, port: source.port, group: env.group,
                                                                         dataLink: true) else { continue }
            sourceJoined(1)
            let answer = try? await connection.send(.getRFC(number: number, host: ProcessInfo.processInfo.hostName,
                                                            os: UploadContext.operatingSystem),
                                                    timeout: .seconds(120), closeOnCancel: true)
            sourceJoined(-1)
            await connection.close()
            guard let answer, answer.status == .ok else {
                lastProblem = "\(source.peer) answered \(answer?.status.description ?? "nothing")"
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
