import Model

extension ShoalEngine {
    /// One transfer's details: a download's from its manager, an upload's (negative ids) from the upload
    /// statistics: the peer fetching, bytes sent, speed as last reported.
    func transferDetails(_ id: Int64) async -> TransferDetails? {
        if id > 0 {
            guard let downloads = downloadManager else { return nil }
            return await downloads.details(id)
        }
        guard let total = uploadStatistics.totals.first(where: { $0.id == id }) else { return nil }
        let snapshot = total.snapshot(speed: hub.transfer(id)?.bytesPerSecond ?? 0)
        let peer = SourceDetail(peer: nil, address: total.remote, activity: total.active ? .fetching : .idle,
                                bytesPerSecond: snapshot.bytesPerSecond, bytes: total.bytesSent)
        return TransferDetails(transfer: snapshot, sources: [peer], chunks: nil,
                               verification: "the downloader checks each chunk against the file's hash tree",
                               destination: nil)
    }
}
