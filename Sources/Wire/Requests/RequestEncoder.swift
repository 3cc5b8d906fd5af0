import Model

/// Writes requests exactly as PROTOCOL.md specifies (CRLF, one space, `Name: value`). The inverse of
/// ``RequestParser``.
public enum RequestEncoder {
    public static func encode(_ request: Request) -> String {
        let (line, headers, body) = parts(request)
        var text = line + " " + request.version.rawValue + "\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Length: \(body.utf8.count)\r\n\r\n" + body
        } else {
            text += "\r\n"
        }
        return text
    }

    private static func parts(_ request: Request) -> (String, [(String, String)], String?) {
        switch request {
        case .addRFC(let record):
            return ("ADD RFC \(record.number)", [("Host", record.host), ("Port", String(record.port)), ("Title", record.title)], nil)
        case .lookupRFC(let number, let sender):
            return ("LOOKUP RFC \(number)", classicHeaders(sender), nil)
        case .listAllRFCs(let sender):
            return ("LIST ALL", classicHeaders(sender), nil)
        case .getRFC(let number, let host, let os):
            // Headers the request lacks are left out, so that what is written parses back to the same request.
            return ("GET RFC \(number)", [host.map { ("Host", $0) }, os.map { ("OS", $0) }].compactMap { $0 }, nil)
        case .hello(let hello):
            var headers = [("Port", String(hello.port))]
            if let name = hello.nickname { headers.append(("Name", name)) }
            if let agent = hello.agent { headers.append(("Agent", agent)) }
            if hello.relay { headers.append(("Relay", "yes")) }
            if let token = hello.token { headers.append(("Token", token)) }
            if let key = hello.key { headers += [("Key", key.key), ("Key-Proof", key.proof)] }
            return ("HELLO", headers, nil)
        case .addFiles(let files):
            return ("ADD FILES", [], files.map { $0.wireLine + "\r\n" }.joined())
        case .removeFiles(let hashes):
            return ("REMOVE FILES", [], hashes.map { $0.hex + "\r\n" }.joined())
        case .lookupFile(let key, let size):
            return ("LOOKUP FILE \(key)", size.map { [("Size", String($0))] } ?? [], nil)
        case .search(let query):
            var headers = [("Query", query.keywords.joined(separator: " ")), ("Limit", String(query.limit))]
            if let min = query.minimumSize { headers.append(("Min-Size", String(min))) }
            if let max = query.maximumSize { headers.append(("Max-Size", String(max))) }
            // Whole categories go by name, so the header stays within the parser's entry limit; the rest go
            // with their dot (both found by the fuzzer).
            if !query.extensions.isEmpty {
                headers.append(("Type", FileCategory.typeEntries(for: query.extensions).joined(separator: ",")))
            }
            return ("SEARCH", headers, nil)
        case .listAll(let page):
            return ("LIST ALL", [("Cursor", String(page.cursor)), ("Limit", String(page.limit))], nil)
        case .browse(let peer, let page):
            return ("BROWSE PEER \(peer)", [("Cursor", String(page.cursor)), ("Limit", String(page.limit))], nil)
        case .ping(let token):
            return ("PING", token.map { [("Token", $0)] } ?? [], nil)
        case .connectPeer(let peer, let token):
            return ("CONNECT PEER \(peer)", [("Token", token.text)], nil)
        case .give(let token):
            return ("GIVE", [("Token", token.text)], nil)
        case .punch(let token):
            return ("PUNCH", [("Token", token.text)], nil)
        case .getFile(let hash, let range):
            switch range {
            case .whole: return ("GET FILE \(hash.hex)", [], nil)
            case .bytes(let r): return ("GET FILE \(hash.hex)", [("Range", "bytes=\(r.first)-\(r.last.map(String.init) ?? "")")], nil)
            case .unsatisfiable: return ("GET FILE \(hash.hex)", [("Range", "bytes=invalid")], nil)
            }
        case .getChunks(let hash):
            return ("GET CHUNKS \(hash.hex)", [], nil)
        }
    }

    /// `Host` and `Port`, in that order (one classic index answers 400 unless they are the 2nd and 3rd lines).
    private static func classicHeaders(_ sender: ClassicSender?) -> [(String, String)] {
        sender.map { [("Host", $0.host), ("Port", String($0.port))] } ?? []
    }
}
