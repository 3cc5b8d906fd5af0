import Model

/// Where the Prometheus endpoint listens: `HOST:PORT`, as `shoal-index --metrics` takes it.
public struct MetricsAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 address or a host name to bind (IPv6 without brackets).
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (127.0.0.1); nil when it is none of them or the port is
    /// not 0...65535. The parsing is ``IndexAddress``'s, with a required port that may be 0.
    public init?(parsing text: String) {
        guard case .success(let address) = IndexAddress.parse(text, defaultPort: nil, ports: 0...65535,
                                                               hostWhenEmpty: "127.0.0.1"),
              !address.host.contains(where: { $0 == "/" || $0 == "[" || $0 == "]" }) else { return nil }
        self.init(host: address.host, port: address.port)
    }

    /// `HOST:PORT`, IPv6 in brackets.
    public var description: String { IndexAddress(host: host, port: port).description }
}
