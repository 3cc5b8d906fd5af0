/// The hostile-client catalogue: garbage, limits, malformed and out-of-place requests, bursts.
/// Expected answers are PROTOCOL.md's (§2 framing, §7 statuses, §8 limits).
enum HostileCases {
    static let hash = String(repeating: "ab", count: 32)
    static let hello = "HELLO P2P-CI/2.1\r\nPort: 6001\r\n\r\n"

    static func add(lines: [String]) -> String {
        let body = lines.map { $0 + "\r\n" }.joined()
        return "ADD FILES P2P-CI/2.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
    }

    static func search(_ headers: String) -> String { "SEARCH P2P-CI/2.1\r\n\(headers)\r\n" }

    static let garbage: [HostileCase] = [
        HostileCase("binary bytes, then a line end", bytes: [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0xFF, 0xC3, 0x28, 13, 10, 13, 10], .answers([400])),
        HostileCase("NUL bytes", bytes: [0, 0, 0, 0, 13, 10, 13, 10], .answers([400])),
        HostileCase("a TLS ClientHello cut short", bytes: [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03],
                    .closesUnanswered),
        HostileCase("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .answers([400, 400])),
        HostileCase("an HTTP/1.1 request", "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", .answers([400])),
        HostileCase("invalid UTF-8 in the request line", bytes: Array("LOOKUP RFC ".utf8) + [0xFF, 0xFE] + Array(" P2P-CI/1.0\r\n\r\n".utf8),
                    .answers([400])),
        HostileCase("invalid UTF-8 in a header", bytes: Array("PING P2P-CI/2.1\r\nX-Junk: ".utf8) + [0xC3, 0x28] + [13, 10, 13, 10],
                    .answers([400])),
        HostileCase("a header line without a colon", "PING P2P-CI/2.1\r\nno colon here\r\n\r\n", .answers([400])),
        HostileCase("control characters in a classic title", "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: a\u{01}b\r\n\r\n",
                    .answers([400])),
    ]

    static let limits: [HostileCase] = [
        HostileCase("a 1 MB line without an end", "LOOKUP RFC 1 P2P-CI/1.0\r\nTitle: " + String(repeating: "x", count: 1 << 20),
                    .closes("P2P-CI/1.0 413")),
        HostileCase("a request line one byte over the limit", "LOOKUP RFC 1 " + String(repeating: "x", count: 8192) + "\r\n\r\n",
                    .closes("P2P-CI/1.0 413")),
        HostileCase("a header line exactly at the limit", "PING P2P-CI/2.1\r\nX-Pad: " + String(repeating: "x", count: 8192 - 7) + "\r\n\r\n",
                    .answers([200])),
        HostileCase("a header line one byte over the limit", "PING P2P-CI/2.1\r\nX-Pad: " + String(repeating: "x", count: 8192 - 6) + "\r\n\r\n",
                    .closes("P2P-CI/2.1 413")),
        HostileCase("endless headers", "PING P2P-CI/2.1\r\n" + String(repeating: "X: y\r\n", count: 10_000), .closes("P2P-CI/2.1 413")),
        HostileCase("33 header lines, one over", "PING P2P-CI/2.1\r\n" + String(repeating: "X: y\r\n", count: 33) + "\r\n",
                    .closes("P2P-CI/2.1 413")),
        HostileCase("32 header lines, the most allowed", "PING P2P-CI/2.1\r\n" + String(repeating: "X: y\r\n", count: 32) + "\r\n",
                    .answers([200])),
        HostileCase("a huge Content-Length", "ADD FILES P2P-CI/2.1\r\nContent-Length: 99999999999\r\n\r\n", .closes("P2P-CI/2.1 413")),
        HostileCase("a Content-Length one byte over 4 MiB", "ADD FILES P2P-CI/2.1\r\nContent-Length: 4194305\r\n\r\n",
                    .closes("P2P-CI/2.1 413")),
        HostileCase("a Content-Length past 2^63", "ADD FILES P2P-CI/2.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                    .closes("P2P-CI/2.1 4")),
        HostileCase("a negative Content-Length", "ADD FILES P2P-CI/2.1\r\nContent-Length: -1\r\n\r\n", .closes("P2P-CI/2.1 400")),
        HostileCase("a Content-Length that is not a number", "ADD FILES P2P-CI/2.1\r\nContent-Length: 12abc\r\n\r\n",
                    .closes("P2P-CI/2.1 400")),
        HostileCase("two Content-Lengths that disagree", "PING P2P-CI/2.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx",
                    .closes("P2P-CI/2.1 400")),
        HostileCase("a body that never arrives", "ADD FILES P2P-CI/2.1\r\nContent-Length: 20\r\n\r\nabcde", .closes("P2P-CI/2.1 408")),
        HostileCase("a request line that never ends", "LOOKUP RFC", .closes("P2P-CI/1.0 408")),
        HostileCase("a full 4 MiB body of junk", "ADD FILES P2P-CI/2.1\r\nContent-Length: 4194304\r\n\r\n" + String(repeating: "z", count: 4_194_304),
                    .answers([400]), bufferBound: (4 << 20) + (256 << 10)),
    ]

    static let lenience: [HostileCase] = [
        HostileCase("LF-only line ends", "LOOKUP RFC 1 P2P-CI/1.0\n\n", .answers([404])),
        HostileCase("mixed CRLF and LF", "PING P2P-CI/2.1\r\nX: y\n\r\n", .answers([200])),
        HostileCase("empty lines before a request", "\r\n\r\n\n\r\nPING P2P-CI/2.1\r\n\r\n", .answers([200])),
        HostileCase("ten thousand empty lines", String(repeating: "\r\n", count: 10_000) + "PING P2P-CI/2.1\r\n\r\n", .answers([200])),
        HostileCase("tabs between tokens", "LOOKUP\tRFC\t1\tP2P-CI/1.0\r\n\r\n", .answers([404])),
        HostileCase("header names in odd case and padding", "HELLO P2P-CI/2.1\r\npOrT:   6001  \r\n\r\n", .answers([200])),
    ]

    static let methodsAndVersions: [HostileCase] = [
        HostileCase("a lower-case method", "lookup rfc 1 P2P-CI/1.0\r\n\r\n", .answers([400])),
        HostileCase("a lower-case version", "LOOKUP RFC 1 p2p-ci/1.0\r\n\r\n", .answers([400])),
        HostileCase("an unknown classic method", "DELETE RFC 1 P2P-CI/1.0\r\n\r\n", .answers([400])),
        HostileCase("an unknown 2.0 method", "FROB P2P-CI/2.1\r\n\r\n", .answers([400])),
        HostileCase("version 3.0", "LOOKUP RFC 1 P2P-CI/3.0\r\n\r\n", .answers([505])),
        HostileCase("version 1.1", "PING P2P-CI/1.1\r\n\r\n", .answers([505])),
        HostileCase("a version alone", "P2P-CI/1.0\r\n\r\n", .answers([400])),
        HostileCase("a version that is not digits", "PING P2P-CI/x.y\r\n\r\n", .answers([400])),
        HostileCase("a classic method in 2.0", "ADD RFC 1 P2P-CI/2.1\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n", .answers([400])),
        HostileCase("a 2.0 method in 1.0", "HELLO P2P-CI/1.0\r\nPort: 1\r\n\r\n", .answers([400])),
        HostileCase("GET RFC sent to the index", "GET RFC 1 P2P-CI/1.0\r\nHost: h\r\nOS: x\r\n\r\n", .answers([400])),
        HostileCase("GET FILE sent to the index", "GET FILE \(hash) P2P-CI/2.1\r\n\r\n", .answers([400])),
    ]

    static let badRequests: [HostileCase] = [
        HostileCase("ADD RFC without Port", "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nTitle: t\r\n\r\n", .answers([400])),
        HostileCase("ADD RFC with port 0", "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 0\r\nTitle: t\r\n\r\n", .answers([400])),
        HostileCase("ADD RFC with port 70000", "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 70000\r\nTitle: t\r\n\r\n", .answers([400])),
        HostileCase("ADD RFC with a 10-digit number", "ADD RFC 1234567890 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n",
                    .answers([400])),
        HostileCase("ADD RFC with a 257-byte title", "ADD RFC 1 P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: " + String(repeating: "t", count: 257) + "\r\n\r\n",
                    .answers([400])),
        HostileCase("ADD RFC with a word for a number", "ADD RFC abc P2P-CI/1.0\r\nHost: h\r\nPort: 1\r\nTitle: t\r\n\r\n", .answers([400])),
        HostileCase("ADD FILES before HELLO", add(lines: ["\(hash) 1 \(hash) a.txt"]), .answers([400])),
        HostileCase("HELLO twice", hello + hello, .answers([200, 400])),
        HostileCase("HELLO with an empty Name", "HELLO P2P-CI/2.1\r\nPort: 1\r\nName:\r\n\r\n", .answers([400])),
        HostileCase("HELLO with a bad port", "HELLO P2P-CI/2.1\r\nPort: 99999\r\n\r\n", .answers([400])),
        HostileCase("ADD FILES with a malformed line", hello + add(lines: ["\(hash) 1 \(hash) a.txt", "zz 1 \(hash) b.txt"]), .answers([200, 400])),
        HostileCase("ADD FILES with .. in a path", hello + add(lines: ["\(hash) 1 music/../../etc/passwd"]), .answers([200, 400])),
        HostileCase("ADD FILES with an absolute path", hello + add(lines: ["\(hash) 1 /etc/passwd"]), .answers([200, 400])),
        HostileCase("ADD FILES with an empty path component", hello + add(lines: ["\(hash) 1 music//a.flac"]), .answers([200, 400])),
        HostileCase("ADD FILES with a path 17 folders deep", hello + add(lines: ["\(hash) 1 " + Array(repeating: "d", count: 17).joined(separator: "/")]),
                    .answers([200, 400])),
        HostileCase("ADD FILES with 5001 lines", hello + add(lines: (0..<5001).map { String(format: "%064x 1 %064x f%d.bin", $0, $0, $0) }),
                    .answers([200, 413]), bufferBound: 1 << 20),
        HostileCase("SEARCH without a Query", search(""), .answers([400])),
        HostileCase("SEARCH with one-letter words only", search("Query: a b c\r\n"), .answers([400])),
        HostileCase("SEARCH with nine keywords", search("Query: aa bb cc dd ee ff gg hh ii\r\n"), .answers([400])),
        HostileCase("SEARCH with a bad Type", search("Query: linux\r\nType: tar.gz\r\n"), .answers([400])),
        HostileCase("SEARCH with a bad Min-Size", search("Query: linux\r\nMin-Size: lots\r\n"), .answers([400])),
        HostileCase("SEARCH with a huge Limit (clamped)", search("Query: linux\r\nLimit: 999999999999\r\n"), .answers([200])),
        HostileCase("LIST ALL with a negative Cursor", "LIST ALL P2P-CI/2.1\r\nCursor: -5\r\n\r\n", .answers([400])),
        HostileCase("BROWSE PEER of nobody", "BROWSE PEER p999999 P2P-CI/2.1\r\n\r\n", .answers([404])),
        HostileCase("BROWSE PEER with a name for an id", "BROWSE PEER bob P2P-CI/2.1\r\n\r\n", .answers([400])),
        HostileCase("LOOKUP FILE with a bad key", "LOOKUP FILE xyz P2P-CI/2.1\r\n\r\n", .answers([400])),
    ]

    static let bursts: [HostileCase] = [
        HostileCase("150 pipelined LOOKUPs", String(repeating: "LOOKUP RFC 7 P2P-CI/1.0\r\n\r\n", count: 150), .answers(Array(repeating: 404, count: 150))),
        HostileCase("valid and garbage pipelined", "PING\r\n\r\nPING P2P-CI/2.1\r\n\r\n\u{7F}\u{7F}\r\n\r\nPING P2P-CI/2.1\r\n\r\n",
                    .answers([400, 200, 400, 200])),
    ]

    static let all = garbage + limits + lenience + methodsAndVersions + badRequests + bursts
}
