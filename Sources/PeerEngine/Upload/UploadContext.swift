import Foundation
import Logging
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

    init(catalog: ShareCatalog, limits: UploadLimits, statistics: UploadStatistics, guards: UploadGuards, logger: Logger) {
        self.catalog = catalog
        self.limits = limits
        self.statistics = statistics
        self.guards = guards
        self.admission = ConnectionAdmission(guards: guards)
        self.logger = logger
    }

    /// The `OS` header of classic answers: kernel name and release.
    static let operatingSystem: String = {
        var info = utsname()
        uname(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(text(info.sysname)) \(text(info.release))"
    }()
}
