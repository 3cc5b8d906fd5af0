import Foundation
import Model

extension DownloadRecord {
    /// The details view's data for this download: `done` the verified chunks (the live picker's while it
    /// runs), `inFlight` which are asked of a source now; a completed file's map is all verified.
    func details(snapshot: TransferSnapshot, sources: [SourceDetail], downloads: String, done: ChunkBitmap,
                 inFlight: (Int) -> Bool = { _ in false }) -> TransferDetails {
        var chunks: ChunkMap?
        if state == .completed, let count = self.chunks?.digests.count {
            chunks = ChunkMap(runs: [.init(.verified, count)])
        } else if key.isContent, done.count > 0 {
            chunks = ChunkMap(states: (0..<done.count).map { done[$0] ? .verified : inFlight($0) ? .inFlight : .missing })
        }
        return TransferDetails(transfer: snapshot, sources: sources, chunks: chunks,
                               verification: verification(verified: chunks?.count(of: .verified)), destination: finalPath ?? (downloads as NSString).appendingPathComponent(name))
    }

    /// How a download's data is checked, in one line.
    private func verification(verified: Int?) -> String {
        guard key.isContent else { return "a classic RFC file has no hash: it is taken as the source sends it" }
        guard let total = chunks?.digests.count else { return "each chunk is checked against the file's hash tree (not fetched yet)" }
        return "each chunk is checked against the file's hash tree before it is written: \(verified ?? 0) of \(total) verified"
    }
}
