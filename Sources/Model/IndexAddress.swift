/// Where an index listens, as users write it: `HOST:PORT`, `HOST` (port 7734), or `[IPv6]:PORT`; or, with
/// the key the index must show over TLS (PROTOCOL.md §9.1), `shoal://HOST:PORT/?kp=sha256/…`, which is
/// what an index prints on start.
public struct IndexAddress: Sendable, Hashable, CustomStringConvertible {
    /// The classic P2P-CI port, used when none is written.
    public static let defaultPort = 7734
    /// The scheme of an address that carries a keyprint.
    public static let scheme = "shoal://"

    public let host: String
    public let port: Int
    /// The keyprint the index's TLS key must have (`sha256/` and 52 base32 characters); nil: the first key
    /// seen is remembered, and a later change is refused.
    public var keyprint: String?

    public init(host: String, port: Int, keyprint: String? = nil) {
        self.host = host
        self.port = port
        self.keyprint = keyprint
    }

    /// Parses `text` as ``parse(_:defaultPort:ports:hostWhenEmpty:)`` does, and also the `shoal://` form
    /// with its `kp` (an index's own rules: port 7734 by default).
    public static func parseLocation(_ text: String) -> Result<IndexAddress, IndexAddressError> {
        guard text.lowercased().hasPrefix(scheme) else { return parse(text) }
        let rest = text.dropFirst(scheme.count)
        let slash = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        guard case .success(var address) = parse(String(rest[..<slash])) else {
            return .failure(IndexAddressError(text: text, hint: "write it as shoal://HOST:PORT/?kp=sha256/KEYPRINT"))
        }
        let query = rest[slash...].drop { $0 == "/" }
        guard query.isEmpty || query.hasPrefix("?") else { return .failure(IndexAddressError(text: text, hint: "nothing may follow the port but ?kp=…")) }
        for field in query.dropFirst().split(separator: "&") {
            let parts = field.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "kp" else { continue }
            let value = parts[1].lowercased()
            // 52 base32 characters carry 260 bits: the last one's 4 low bits are unused, so it is `a` or `q`.
            guard value.hasPrefix("sha256/"), value.count == 59,
                  value.dropFirst(7).allSatisfy({ ("a"..."z").contains($0) || ("2"..."7").contains($0) }),
                  value.last == "a" || value.last == "q" else {
                return .failure(IndexAddressError(text: text, hint: "its kp must be sha256/ and 52 base32 characters, as the index printed it"))
            }
            address.keyprint = value
        }
        return .success(address)
    }

    /// The most nodes of one cluster a peer may be given.
    public static let maximumNodes = 16

    /// Parses the nodes of one index cluster, separated by commas (`a:7734,b:7734`), each as
    /// ``parseLocation(_:)`` reads it: the peer uses the first and moves on to the next when its node goes away.
    public static func parseLocations(_ text: String) -> Result<[IndexAddress], IndexAddressError> {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
        guard parts.count <= maximumNodes else {
            return .failure(IndexAddressError(text: text, hint: "name at most \(maximumNodes) nodes of one index"))
        }
        var addresses: [IndexAddress] = []
        for part in parts {
            switch parseLocation(part) {
            case .success(let address):
                guard !addresses.contains(where: { $0.host == address.host && $0.port == address.port }) else {
                    return .failure(IndexAddressError(text: text, hint: "\(address) is named twice"))
                }
                addresses.append(address)
            case .failure(let error):
                return .failure(error)
            }
        }
        return .success(addresses)
    }

    /// The address as an index prints it: `shoal://HOST:PORT/?kp=…` with a keyprint, else `HOST:PORT`.
    public var location: String {
        keyprint.map { "\(Self.scheme)\(description)/?kp=\($0)" } ?? description
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
