import Foundation
import Model

/// Prints results as an aligned table (the name last, so wide characters never break alignment) or as
/// one JSON object per line (`--json`).
struct OutputFormat {
    let json: Bool

    func hits(_ hits: [SearchHit]) {
        if json {
            for hit in hits {
                line(["key": hit.key.description, "name": hit.name, "size": hit.size.map { Int($0) } as Any,
                      "sources": hit.sources, "reachable_sources": hit.reachableSources as Any, "type": hit.typeLabel])
            }
            return
        }
        table(header: ["SIZE", "PEERS", "TYPE", "KEY", "NAME"], rows: hits.map { hit in
            [hit.size.map(ByteCount.format) ?? "-", hit.sourcesLabel, hit.typeLabel,
             Self.shortKey(hit.key), hit.name]
        })
    }

    func entries(_ entries: [SharedFileEntry]) {
        if json {
            for entry in entries {
                line(["key": entry.key.description, "name": entry.name, "size": entry.size.map { Int($0) } as Any])
            }
            return
        }
        table(header: ["SIZE", "KEY", "NAME"], rows: entries.map {
            [$0.size.map(ByteCount.format) ?? "-", Self.shortKey($0.key), $0.name]
        })
    }

    func sources(_ sources: [FileSource]) {
        if json {
            for source in sources {
                line(["peer": source.peer.description, "nickname": source.nickname as Any, "host": source.host,
                      "port": source.port, "dialect": source.dialect.rawValue, "name": source.name,
                      "reachable": source.reachable as Any])
            }
            return
        }
        table(header: ["PEER", "NICK", "ADDRESS", "KIND", "REACH", "NAME"], rows: sources.map {
            [$0.peer.description, $0.nickname ?? "-", $0.address, $0.dialect.rawValue, $0.reachabilityLabel, $0.name]
        })
    }

    func line(_ object: [String: Any]) {
        let cleaned = object.mapValues { value -> Any in
            if case Optional<Any>.none = value { return NSNull() }
            return value
        }
        if let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .withoutEscapingSlashes]) {
            print(TerminalText.escapingJSON(String(decoding: data, as: UTF8.self)))
        }
    }

    /// Every cell passes through ``TerminalText/safe(_:)``: names and nicknames come from strangers.
    private func table(header: [String], rows: [[String]]) {
        let all = [header] + rows.map { $0.map(TerminalText.safe) }
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let padded = row.enumerated().map { index, cell in
                index < widths.count ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0) : cell
            }
            print(padded.joined(separator: "  "))
        }
    }

    /// The first 16 hex digits of a content hash (enough to tell files apart on screen), or `rfc:N`.
    static func shortKey(_ key: FileKey) -> String {
        switch key {
        case .content(let hash): return String(hash.hex.prefix(16))
        case .rfc: return key.description
        }
    }
}
