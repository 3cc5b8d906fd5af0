// Identifiers travel in their text forms (`p12`, `rfc:7`, 64 hex digits), as users and the protocol write
// them, so that control-socket messages read like the rest of Shoal.

extension PeerID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = PeerID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a peer id: \(text.prefix(24))")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension FileKey: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let key = FileKey(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a file key: \(text.prefix(24))")
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ContentHash: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = ContentHash(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not 64 hex digits: \(text.prefix(24))")
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
