import Foundation
import Logging
import NIOPosix
import Wire

/// What every upload connection shares.
final class UploadContext: Sendable {
    let catalog: ShareCatalog
    let limits: UploadLimits
    let statistics: UploadStatistics
    let parser = RequestParser()
    let logger: Logger
    let guards: UploadGuards
    let admission: ConnectionAdmission
    /// Where files are opened (``SharedFileOpener``): not on the event loops.
    let pool: NIOThreadPool
    /// Connections this peer waits for sources behind NAT to open back (§5.11).
    let gives = PendingGives()

    init(catalog: ShareCatalog, limits: UploadLimits, statistics: UploadStatistics, guards: UploadGuards, logger: Logger,
         pool: NIOThreadPool) {
        self.pool = pool
        self.catalog = catalog
        self.limits = limits
        self.statistics = statistics
        self.guards = guards
        self.admission = ConnectionAdmission(guards: guards)
        self.logger = logger
    }

    /// The `OS` header of classic answers: kernel name and release.
    static let operatingSystem = "\(SystemName.current.kernel) \(SystemName.current.release)"
}
