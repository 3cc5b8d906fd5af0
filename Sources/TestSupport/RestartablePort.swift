import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A free TCP port on 127.0.0.1 below Linux's ephemeral range, for a test that stops a server and starts
/// another on the same port. A port from the ephemeral range (what binding port 0 gives) can be taken while
/// the server is down by any outgoing connection of the suite as its own end, and the restart then fails
/// with "Address already in use" (seen under AddressSanitizer). Outgoing connections and port-0 servers
/// never take a port below the range, and each test picks one at random.
public enum RestartablePort {
    /// A port from 10000 up to the ephemeral range's start that nothing is bound to now.
    public static func pick() throws -> Int {
        let low = ephemeralRangeStart()
        for _ in 0..<200 {
            let port = Int.random(in: 10_000..<max(low, 10_001))
            if isFree(port) { return port }
        }
        throw ReservedPort.Failure(description: "no free port on 127.0.0.1 between 10000 and \(low) in 200 tries")
    }

    /// The first port Linux gives outgoing connections (`ip_local_port_range`; 32768 when unreadable).
    static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
    }

    /// Whether a socket can bind 127.0.0.1:`port` now (with SO_REUSEADDR, as the servers bind it).
    private static func isFree(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        return ReservedPort.bindLoopback(descriptor, port: port) != nil
    }
}
