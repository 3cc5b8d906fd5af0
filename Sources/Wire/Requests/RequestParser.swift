import Model
import NIOCore

/// Turns a framed message into a ``Request``, or a ``RequestError`` naming the status and what was wrong.
///
/// Order of checks: encoding, then the version token (not a version → 400, an unknown P2P-CI version → 505),
/// then method and arguments for that version, then headers and body.
public struct RequestParser: Sendable {
    public var wire: WireLimits
    public var limits: RequestLimits

    public init(wire: WireLimits = .index, limits: RequestLimits = .standard) {
        self.wire = wire
        self.limits = limits
    }

    public func parse(_ frame: WireFrame) -> Result<Request, RequestError> {
        Result { try parseOrThrow(frame) }.mapError { $0 as? RequestError ?? .bad(.classic, "malformed request") }
    }

    private func parseOrThrow(_ frame: WireFrame) throws -> Request {
        // Split on the bytes: request lines are ASCII where it matters, and this is every request's first step.
        let tokens = frame.startLine.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
            .map { Substring($0) }
        guard let versionToken = tokens.last, tokens.count >= 2 else {
            throw RequestError.bad(.classic, "a request line is METHOD, arguments, then the version")
        }
        let version: ProtocolVersion
        switch ProtocolVersion.recognize(versionToken) {
        case .supported(let v): version = v
        case .unsupported:
            throw RequestError(.versionNotSupported, .classic, "\(versionToken) is not supported; use \(ProtocolVersion.classic.rawValue) or \(ProtocolVersion.shoal.rawValue)")
        case .notAVersion:
            throw RequestError.bad(.classic, "the request line must end with a version such as P2P-CI/1.0")
        }
        if frame.hadInvalidEncoding {
            throw RequestError.bad(version, "request line or headers are not valid UTF-8 'Name: value' lines")
        }
        let method = String(tokens[0])
        let arguments = tokens.dropFirst().dropLast().map(String.init)
        let lowercase = method.utf8.allSatisfy { $0 < 0x80 }
            ? method.utf8.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            : method != method.uppercased()
        if lowercase {
            throw RequestError.bad(version, "methods are upper case: \(method.uppercased())")
        }
        switch version {
        case .classic: return try parseClassic(method, arguments, frame.headers)
        case .shoal: return try parseShoal(method, arguments, frame)
        }
    }

    // MARK: P2P-CI/1.0

    private func parseClassic(_ method: String, _ args: [String], _ headers: HeaderFields) throws -> Request {
        let v = ProtocolVersion.classic
        switch (method, args.first) {
        case ("ADD", "RFC"), ("LOOKUP", "RFC"), ("GET", "RFC"):
            guard args.count == 2, let number = TextRules.decimal(args[1], maxDigits: 9) else {
                throw RequestError.bad(v, "\(method) RFC takes one RFC number of at most 9 digits")
            }
            let rfc = Int(number)
            if method == "LOOKUP" { return .lookupRFC(number: rfc, from: Self.sender(headers)) }
            if method == "GET" { return .getRFC(number: rfc, host: headers["Host"], os: headers["OS"]) }
            guard let host = headers["Host"], TextRules.isValidHostToken(host) else {
                throw RequestError.bad(v, "ADD needs a Host header with no spaces")
            }
            guard let portText = headers["Port"], let port = TextRules.port(portText) else {
                throw RequestError.bad(v, "ADD needs a Port header from 1 to 65535")
            }
            guard let title = headers["Title"], !title.isEmpty, TextRules.isValidText(title) else {
                throw RequestError.bad(v, "ADD needs a non-empty Title header")
            }
            guard title.utf8.count <= TextRules.maximumTitleBytes else {
                throw RequestError.bad(v, "Title is longer than \(TextRules.maximumTitleBytes) bytes")
            }
            return .addRFC(ClassicRecord(number: rfc, host: host, port: port, title: title))
        case ("LIST", "ALL") where args.count == 1:
            return .listAllRFCs(from: Self.sender(headers))
        case ("ADD", _), ("LOOKUP", _), ("LIST", _), ("GET", _):
            throw RequestError.bad(v, "P2P-CI/1.0 knows ADD RFC n, LOOKUP RFC n, LIST ALL and GET RFC n")
        default:
            throw RequestError.bad(v, "unknown method \(method.prefix(32))")
        }
    }

    /// The `Host` and `Port` of a classic LOOKUP or LIST, when both are there and valid (they are optional,
    /// and ignored: records belong to the connection).
    private static func sender(_ headers: HeaderFields) -> ClassicSender? {
        guard let host = headers["Host"], TextRules.isValidHostToken(host),
              let port = headers["Port"].flatMap({ TextRules.port($0) }) else { return nil }
        return ClassicSender(host: host, port: port)
    }

    // MARK: P2P-CI/2.1

    private func parseShoal(_ method: String, _ args: [String], _ frame: WireFrame) throws -> Request {
        let v = ProtocolVersion.shoal
        let headers = frame.headers
        switch (method, args) {
        case ("HELLO", []):
            guard let portText = headers["Port"], let port = TextRules.port(portText) else {
                throw RequestError.bad(v, "HELLO needs a Port header from 1 to 65535")
            }
            let nickname = headers["Name"]
            if let nickname, !Nickname.isValid(nickname) {
                throw RequestError.bad(v, "Name must be 1-32 letters, digits, '.', '_' or '-'")
            }
            // Cut to 64 characters, then trimmed again: a cut that ends on a space must not leave one (the
            // header's own trailing space was trimmed by the framer, and a re-sent Agent would lose it).
            let agent = headers["Agent"].map { String($0.prefix(64).trimmingSpaces) }
            if let agent, !TextRules.isValidText(agent) { throw RequestError.bad(v, "Agent has control characters") }
            return .hello(Hello(port: port, nickname: nickname, agent: agent, relay: headers["Relay"] == "yes",
                                token: try Self.accessToken(headers), key: try Self.helloKey(headers)))
        case ("PING", []):
            return .ping(token: try Self.accessToken(headers))
        case ("CONNECT", let a) where a.count == 2 && a[0] == "PEER":
            guard let peer = PeerID(a[1]) else { throw RequestError.bad(v, "CONNECT PEER takes a peer id such as p12") }
            return .connectPeer(peer, token: try Self.token(headers))
        case ("GIVE", []):
            return .give(try Self.token(headers))
        case ("PUNCH", []):
            return .punch(try Self.token(headers))
        case ("ADD", ["FILES"]):
            return .addFiles(try BatchBodyParser(limits: wire).announcements(frame.body))
        case ("REMOVE", ["FILES"]):
            return .removeFiles(try BatchBodyParser(limits: wire).hashes(frame.body))
        case ("LOOKUP", let a) where a.count == 2 && a[0] == "FILE":
            guard let key = FileKey(a[1]) else { throw RequestError.bad(v, "LOOKUP FILE takes 64 hex digits or rfc:N") }
            guard let sizeText = headers["Size"] else { return .lookupFile(key) }
            guard let size = TextRules.decimal(sizeText), case .content = key else {
                throw RequestError.bad(v, "Size must be a byte count, and only for a content hash")
            }
            return .lookupFile(key, size: size)
        case ("LOOKUP", let a) where a.count == 2 && a[0] == "RFC":
            guard let n = TextRules.decimal(a[1], maxDigits: 9) else { throw RequestError.bad(v, "bad RFC number") }
            return .lookupFile(.rfc(Int(n)))
        case ("SEARCH", []):
            return .search(try SearchHeaderParser(limits: limits).query(headers))
        case ("LIST", ["ALL"]):
            return .listAll(try page(headers))
        case ("BROWSE", let a) where a.count == 2 && a[0] == "PEER":
            guard let peer = PeerID(a[1]) else { throw RequestError.bad(v, "BROWSE PEER takes a peer id such as p12") }
            return .browse(peer, try page(headers))
        case ("GET", let a) where a.count == 2 && (a[0] == "FILE" || a[0] == "CHUNKS"):
            guard let hash = ContentHash(hex: a[1]) else { throw RequestError.bad(v, "GET \(a[0]) takes 64 hex digits") }
            if a[0] == "CHUNKS" { return .getChunks(hash) }
            return .getFile(hash, range: headers["Range"].map(Self.range) ?? .whole)
        case ("HELLO", _), ("PING", _), ("ADD", _), ("REMOVE", _), ("LOOKUP", _), ("SEARCH", _), ("LIST", _),
             ("BROWSE", _), ("GET", _), ("CONNECT", _), ("GIVE", _), ("PUNCH", _):
            throw RequestError.bad(v, "wrong arguments for \(method); see PROTOCOL.md")
        default:
            throw RequestError.bad(v, "unknown method \(method.prefix(32))")
        }
    }

    /// The `Token` of HELLO or PING, for a private index (§9.2): any text up to 128 characters.
    private static func accessToken(_ headers: HeaderFields) throws -> String? {
        let token = headers["Token"]
        if let token, token.count > 128 || !TextRules.isValidText(token) {
            throw RequestError.bad(.shoal, "Token must be at most 128 characters, without control characters")
        }
        return token
    }

    /// HELLO's `Key` and `Key-Proof`, both or neither (§9.1): base64, at most 256 characters each.
    private static func helloKey(_ headers: HeaderFields) throws -> HelloKey? {
        switch (headers["Key"], headers["Key-Proof"]) {
        case (nil, nil):
            return nil
        case (let key?, let proof?) where TextRules.isBase64(key, upTo: 256) && TextRules.isBase64(proof, upTo: 256):
            return HelloKey(key: key, proof: proof)
        default:
            throw RequestError.bad(.shoal, "Key and Key-Proof come together, each base64 of at most 256 characters")
        }
    }

    /// The `Token` of a relayed connection (§5.11).
    private static func token(_ headers: HeaderFields) throws -> RelayToken {
        guard let token = headers["Token"].flatMap({ RelayToken($0) }) else {
            throw RequestError.bad(.shoal, "Token must be 32 lowercase hex digits")
        }
        return token
    }

    private func page(_ headers: HeaderFields) throws -> Page {
        var page = Page(cursor: 0, limit: limits.defaultPageSize)
        if let text = headers["Cursor"] {
            guard let cursor = TextRules.decimal(text) else { throw RequestError.bad(.shoal, "Cursor must be a number") }
            page.cursor = Int(min(cursor, UInt64(Int32.max)))
        }
        if let text = headers["Limit"] {
            guard let limit = TextRules.decimal(text), limit > 0 else {
                throw RequestError.bad(.shoal, "Limit must be a positive number")
            }
            page.limit = Int(min(limit, UInt64(limits.maximumPageSize)))
        }
        return page
    }

    /// `bytes=FIRST-LAST` or `bytes=FIRST-` (inclusive); anything else is unsatisfiable.
    static func range(_ text: String) -> RequestedRange {
        guard text.hasPrefix("bytes=") else { return .unsatisfiable }
        let parts = text.dropFirst(6).split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let first = TextRules.decimal(parts[0]) else { return .unsatisfiable }
        if parts[1].isEmpty { return .bytes(ByteRange(first: first, last: nil)) }
        guard let last = TextRules.decimal(parts[1]), last >= first else { return .unsatisfiable }
        return .bytes(ByteRange(first: first, last: last))
    }
}
