import Model
import Trust
import Wire

/// What a download remembers of its sources: which are dropped for bad data (for good, saved with the
/// download), and why the others' turns ended.
extension DownloadTask {
    /// The Shoal sources not dropped for bad data, those the index could reach first: those a content
    /// download asks, in that order.
    func eligible(_ sources: [FileSource]) -> [FileSource] {
        let usable = sources.filter { $0.dialect == .shoal && !isBanned($0) }
        // Sources the index could not reach come last: a direct connection to them is expected to fail, so
        // the chunk list is asked of the others first.
        return usable.filter { $0.reachable != false } + usable.filter { $0.reachable == false }
    }

    /// True when `source` was dropped for bad data, in this run or an earlier one.
    func isBanned(_ source: FileSource) -> Bool {
        record.bannedSources.contains(source.address)
    }

    /// Drops `source` for this file for good, saved with the download, and says why in one line: in the log
    /// and as the download's last error.
    func ban(_ source: FileSource, _ reason: String) async {
        guard !isBanned(source) else { return }
        ledger.banned(source, reason: reason)
        record.bannedSources.append(source.address)
        problems[source.address] = reason
        record.lastError = "\(source.peer) at \(source.address) \(reason); dropped as a source"
        env.logger.warning("\(record.name): \(record.lastError!)")
        try? await save()
    }

    /// Notes why a source's turn ended (it may be asked again in a later round).
    func note(_ source: FileSource, _ problem: String) {
        problems[source.address] = problem
        ledger.ended(source, problem: problem)
        env.logger.info("\(record.name): \(source.peer) at \(source.address) \(problem)")
    }

    /// Notes that no connection to `source` could be made, and why: for a source behind NAT, the index's
    /// refusal to pass the request on (both peers behind NAT, say), or that it did not connect back in time.
    func unreachable(_ source: FileSource, _ error: any Error) {
        // TLS (§9.1): a key that is not the one the index published, or no key where plaintext is not allowed.
        if let failure = error as? TLSFailure { return note(source, "failed TLS: \(failure)") }
        if error is SourceKeyMissing { return note(source, SourceKeyMissing.reason) }
        guard source.reachable == false else { return note(source, "could not be reached") }
        switch error {
        case IndexLinkError.refused(_, let reason): note(source, "is behind NAT: \(reason)")
        case is PendingGives.ConnectBackTimeout: note(source, "is behind NAT and did not connect back through the index in time")
        case is HolePunch.Failed:
            note(source, "is behind NAT, as you are, and no connection could be punched through both routers: "
                + "ask \(source.peer) to forward a port, or forward yours")
        default: note(source, "is behind NAT and could not be asked to connect back (\(error))")
        }
    }

    /// The sources' problems in one short line, for a download that ran out of them.
    var problemSummary: String {
        let sorted = problems.sorted { $0.key < $1.key }
        let shown = sorted.prefix(3).map { "\($0.key) \($0.value)" }
        return (shown + (sorted.count > 3 ? ["\(sorted.count - 3) more"] : [])).joined(separator: "; ")
    }
}
