import Model

/// The engine's long-running loops, each a child task of ``ShoalEngine/run()``.
extension ShoalEngine {
    /// How often uploads' progress is reported.
    static let uploadReportInterval: Duration = .milliseconds(500)

    /// Rescans the shared folder every `rescanInterval` seconds (and once at first, with `scanNow`).
    func keepRescanning(scanNow: Bool) async {
        if scanNow { try? await rescan() }
        while !Task.isCancelled {
            do { try await clock.sleep(for: .seconds(configuration.rescanInterval)) } catch { return }
            try? await rescan()
        }
    }

    /// Turns the upload statistics into transfer snapshots, twice a second, for the faces.
    func reportUploads() async {
        let statistics = uploadStatistics, clock = self.clock
        var previous: [Int64: UInt64] = [:]
        var meters: [Int64: TransferMeter] = [:]
        while !Task.isCancelled {
            do { try await clock.sleep(for: Self.uploadReportInterval) } catch { return }
            for total in statistics.totals {
                let sent = total.bytesSent - min(total.bytesSent, previous[total.id] ?? 0)
                guard sent > 0 || previous[total.id] == nil || !total.active else { continue }
                if sent == 0, previous[total.id] == total.bytesSent, !total.active { continue }
                previous[total.id] = total.bytesSent
                meters[total.id, default: TransferMeter()].record(sent, at: .now())
                publish(.transfer(total.snapshot(speed: meters[total.id]?.bytesPerSecond(at: .now()) ?? 0)))
            }
        }
    }
}
