#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// This machine's kernel name, release and processor (uname), for the classic `OS` header and for
/// version reports.
public struct SystemName: Sendable {
    public let kernel: String
    public let release: String
    public let machine: String

    /// Read once per process.
    public static let current: SystemName = {
        var info = utsname()
        uname(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return SystemName(kernel: text(info.sysname), release: text(info.release), machine: text(info.machine))
    }()
}
