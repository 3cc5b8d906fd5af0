import Foundation
import Logging
import NIOCore
import NIOPosix
import Trust
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
    /// TLS on upload connections (§9.1); nil: plaintext only.
    let trust: PeerTrust?

    init(catalog: ShareCatalog, limits: UploadLimits, statistics: UploadStatistics, guards: UploadGuards, logger: Logger,
         pool: NIOThreadPool, trust: PeerTrust?) {
        self.trust = trust
        self.pool = pool
        self.catalog = catalog
        self.limits = limits
        self.statistics = statistics
        self.guards = guards
        self.admission = ConnectionAdmission(guards: guards)
        self.logger = logger
    }

    /// The 426 for a P2P-CI/2.1 GET on a plaintext connection when this peer has TLS and does not allow
    /// plaintext; nil to go on. Classic GETs (classic peers know no TLS) and PING (the index's probe) pass.
    func refusal(of frame: WireFrame, on security: LinkSecurity) -> Response? {
        guard let trust, !trust.allowsPlaintext, security == .plaintext, let version = frame.version, version != .classic,
              frame.startLine.hasPrefix("GET ") else { return nil }
        return .failure(.tlsRequired, version, reason: "this peer uploads over TLS only (shoal does it by itself)")
    }

    /// The `OS` header of classic answers: kernel name and release.
    static let operatingSystem = "\(SystemName.current.kernel) \(SystemName.current.release)"
}
