// Identifiers travel in their text forms (`p12`, `rfc:7`, 64 hex digits), as users and the protocol write
// them, so that control-socket messages read like the rest of Shoal.

extension PeerID: Codable {
    public init(from decoder: any Decoder) throws { self = try TextCoding.decode(decoder, "a peer id", PeerID.init) }
    public func encode(to encoder: any Encoder) throws { try TextCoding.encode(description, to: encoder) }
}

extension FileKey: Codable {
    public init(from decoder: any Decoder) throws { self = try TextCoding.decode(decoder, "a file key", FileKey.init) }
    public func encode(to encoder: any Encoder) throws { try TextCoding.encode(description, to: encoder) }
}

extension ContentHash: Codable {
    public init(from decoder: any Decoder) throws {
        self = try TextCoding.decode(decoder, "64 hex digits") { ContentHash(hex: $0) }
    }
    public func encode(to encoder: any Encoder) throws { try TextCoding.encode(hex, to: encoder) }
}

/// A value coded as one string: parsed on the way in (a malformed one is refused, not guessed), written as
/// its text form on the way out.
enum TextCoding {
    static func decode<Value>(_ decoder: any Decoder, _ what: String, _ parse: (String) -> Value?) throws -> Value {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = parse(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not \(what): \(text.prefix(24))")
        }
        return value
    }

    static func encode(_ text: String, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
