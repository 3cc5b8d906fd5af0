import NIOCore

extension IndexConnectionHandler {
    /// The address other peers should use: the IP the index sees, IPv4-mapped IPv6 written as IPv4.
    static func hostText(_ address: SocketAddress?) -> String {
        guard let ip = address?.ipAddress else { return "unknown" }
        return ip.hasPrefix("::ffff:") && ip.contains(".") ? String(ip.dropFirst(7)) : ip
    }
}
