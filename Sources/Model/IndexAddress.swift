/// Where an index listens, as users write it: `HOST:PORT`, `HOST` (port 7734), or `[IPv6]:PORT`.
public struct IndexAddress: Sendable, Hashable, CustomStringConvertible {
    /// The classic P2P-CI port, used when none is written.
    public static let defaultPort = 7734

    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text`, or explains in one line what is wrong with it. The defaults are an index's rules; other
    /// listeners (the index's metrics endpoint) parse `HOST:PORT` with their own: `defaultPort` nil makes
    /// the port required, `ports` is the range allowed, and `hostWhenEmpty` is the host of `:PORT`
    /// (nil refuses it).
    public static func parse(_ text: String, defaultPort: Int? = IndexAddress.defaultPort,
                             ports: ClosedRange<Int> = 1...65535,
                             hostWhenEmpty: String? = nil) -> Result<IndexAddress, IndexAddressError> {
        var host: Substring, portText: Substring?
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return .failure(IndexAddressError(text: text)) }
            portText = rest.isEmpty ? nil : rest.dropFirst()
        } else if text.filter({ $0 == ":" }).count > 1 {
            return .failure(IndexAddressError(text: text, hint: "write an IPv6 index in brackets, such as [::1]:7734"))
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.isEmpty, let hostWhenEmpty { host = Substring(hostWhenEmpty) }
        } else {
            host = Substring(text)
            portText = nil
        }
        guard let port = portText.map({ Int($0) ?? -1 }) ?? defaultPort, !host.isEmpty, !host.contains(" "),
              ports.contains(port) else { return .failure(IndexAddressError(text: text)) }
        return .success(IndexAddress(host: String(host), port: port))
    }

    /// `host:port`, with brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Why a written index address cannot be used.
public struct IndexAddressError: Error, CustomStringConvertible, Equatable {
    public let text: String
    public var hint = "it must be HOST:PORT with a port from 1 to 65535"
    public var description: String { "'\(text)' is not an index address: \(hint)" }
}
