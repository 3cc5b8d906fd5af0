import NIOCore
import Wire

/// What the fuzzers check, as plain functions: `shoal-fuzz` calls them under libFuzzer, and the test
/// suite replays the seed corpus through them. Each traps (`preconditionFailure`) when an invariant
/// breaks, which is how libFuzzer learns of a finding.
public enum FuzzTargets {
    public enum Target: String, CaseIterable, Sendable {
        /// Bytes from a client to the index: framing, then request parsing.
        case requests
        /// Bytes from a source answering GET CHUNKS: framing as a response, then the chunk-hash list.
        case chunks
    }

    public static func run(_ target: Target, _ bytes: [UInt8]) {
        switch target {
        case .requests: requests(bytes)
        case .chunks: chunks(bytes)
        }
    }

    /// Framing gives the same events whether the bytes arrive at once or in pieces; every frame parses
    /// to a request or a documented error; a parsed request, written out strictly, parses back to itself.
    public static func requests(_ bytes: [UInt8]) {
        let whole = events(bytes, role: .request, pieceSize: bytes.count)
        let pieces = events(bytes, role: .request, pieceSize: 1 + Int(bytes.first ?? 0) % 13)
        precondition(whole == pieces, "framing depends on how the bytes are split")
        let parser = RequestParser(wire: .index, limits: .standard)
        for case .frame(let frame) in whole {
            guard case .success(let request) = parser.parse(frame) else { continue }
            let written = Array(RequestEncoder.encode(request).utf8)
            let again = events(written, role: .request, pieceSize: written.count)
            guard again.count == 1, case .frame(let reframed) = again[0], case .success(let reparsed) = parser.parse(reframed) else {
                preconditionFailure("a parsed request, written out, does not parse again: \(request)")
            }
            precondition(reparsed == request, "round trip changed the request: \(request) became \(reparsed)")
        }
    }

    /// A GET CHUNKS answer: framing as a response; a chunk list that parses writes back to the same lines.
    public static func chunks(_ bytes: [UInt8]) {
        let whole = events(bytes, role: .response, pieceSize: bytes.count)
        let pieces = events(bytes, role: .response, pieceSize: 1 + Int(bytes.last ?? 0) % 11)
        precondition(whole == pieces, "response framing depends on how the bytes are split")
        for case .frame(let frame) in whole {
            guard let response = ParsedResponse(frame), let list = ChunkList(wireLines: response.lines) else { continue }
            precondition(ChunkList(wireLines: list.wireLines) == list, "a chunk list does not survive being written out")
            _ = list.root
        }
    }

    /// Every event the parser gives for `bytes` fed in pieces of `pieceSize`, up to the first malformed one.
    static func events(_ bytes: [UInt8], role: FrameParser.Role, pieceSize: Int) -> [FrameEvent] {
        var parser = FrameParser(role: role, limits: role == .request ? .index : WireLimits(maximumLineLength: 64 * 1024,
                                                                                             maximumHeaderCount: 64,
                                                                                             maximumBodyLength: 4 << 20))
        var buffer = ByteBuffer()
        var result: [FrameEvent] = []
        var offset = 0
        repeat {
            let end = min(bytes.count, offset + max(1, pieceSize))
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            while let event = parser.next(from: &buffer) {
                result.append(event)
                if case .malformed = event { return result }
            }
        } while offset < bytes.count
        return result
    }
}
