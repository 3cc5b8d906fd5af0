import Model
import NIOCore
import Wire

/// Answers one parsed request against the registry. Pure: the caller owns the registry and the socket.
public struct IndexRequestProcessor: Sendable {
    /// Values the HELLO answer advertises so peers can pace themselves.
    public var idleTimeoutSeconds: Int
    public var wire: WireLimits

    public init(idleTimeoutSeconds: Int, wire: WireLimits = .index) {
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.wire = wire
    }

    public struct Outcome: Sendable {
        public var response: Response
        public var event: IndexEvent?
        /// Candidates a SEARCH examined (for metrics).
        public var examined: Int? = nil
        /// A SEARCH answered with an answer kept from before (``SearchAnswers``): nothing was examined.
        public var reused = false
        /// A SEARCH answered at once on the event loop that read it, not on a worker (for metrics).
        public var atOnce = false
        /// A `CONNECT` message for the server to write on `target`'s connection (§5.11).
        public var push: (target: PeerID, message: RelayPush)? = nil
    }

    /// Whether answering `request` changes the registry (it then needs the registry to itself; every other
    /// request is answered by ``query(_:from:in:)`` alongside other readers).
    public static func changesRegistry(_ request: Request) -> Bool {
        switch request {
        case .addRFC, .hello, .addFiles, .removeFiles: return true
        case .lookupRFC, .listAllRFCs, .lookupFile, .search, .listAll, .browse, .ping, .connectPeer, .punch, .getRFC, .getFile,
             .getChunks, .give:
            return false
        }
    }

    public func respond(to request: Request, from peer: PeerID, in registry: inout Registry) -> Outcome {
        if !Self.changesRegistry(request) { return query(request, from: peer, in: registry) }
        do {
            return try change(request, peer, &registry)
        } catch {
            return Outcome(response: Self.response(for: error, request), event: nil)
        }
    }

    /// Answers a request that only reads the registry.
    public func query(_ request: Request, from peer: PeerID, in registry: Registry) -> Outcome {
        precondition(!Self.changesRegistry(request), "\(request.name) changes the registry")
        return read(request, peer, registry)
    }

    /// The answer to `SEARCH` for `query`, spending at most `budget` (the registry's limits when nil, or
    /// when they are smaller): `Complete: no` when it ran out first.
    public func search(_ query: SearchQuery, version: ProtocolVersion, in registry: Registry, budget: SearchBudget? = nil) -> Outcome {
        let result = registry.search(query, budget: budget)
        var headers: HeaderFields = ["Results": String(result.hits.count), "Complete": result.complete ? "yes" : "no"]
        Self.reachability(of: result.hits, into: &headers)
        // Written as bytes once: an answer kept for reuse (``SearchAnswers``) is not encoded again.
        return Outcome(response: Response(version, .ok, headers: headers, body: .packedLines(result.hits)),
                       event: nil, examined: result.examined)
    }

    /// The answer to `ADD FILES` once its files are registered (by ``respond(to:from:in:)``, or a part at a
    /// time by the server for a big batch).
    public static func added(_ outcome: Registry.BatchOutcome, by peer: PeerID, version: ProtocolVersion) -> Outcome {
        Outcome(response: Response(version, .ok, headers: ["Added": String(outcome.changed), "Files": String(outcome.total)]),
                event: .filesAdded(peer, count: outcome.changed, total: outcome.total))
    }

    /// The answer to `REMOVE FILES` once its files are unregistered.
    public static func removed(_ outcome: Registry.BatchOutcome, by peer: PeerID, version: ProtocolVersion) -> Outcome {
        Outcome(response: Response(version, .ok, headers: ["Removed": String(outcome.changed), "Files": String(outcome.total)]),
                event: .filesRemoved(peer, count: outcome.changed, total: outcome.total))
    }

    /// The answer to a request refused by the registry.
    static func refused(_ request: Request, _ error: RegistryError) -> Outcome {
        Outcome(response: response(for: error, request), event: nil)
    }

    private func change(_ request: Request, _ peer: PeerID, _ registry: inout Registry) throws(RegistryError) -> Outcome {
        let v = request.version
        switch request {
        case .addRFC(let record):
            let line = try registry.addClassic(peer, record)
            return Outcome(response: Response(v, .ok, body: .lines([line.wireLine])),
                           event: .classicAdded(peer, number: record.number, host: record.host))
        case .hello(let hello):
            try registry.hello(peer, hello)
            let who = registry.describe(peer), address = who?.address ?? ""
            var headers: HeaderFields = [
                "Peer-Id": peer.description, "Address": address,
                "Idle-Timeout": String(idleTimeoutSeconds),
                "Max-Files": String(registry.limits.maximumFilesPerPeer),
                "Max-Batch": String(wire.maximumBatchEntries), "Max-Body": String(wire.maximumBodyLength), "Folders": "yes",
            ]
            if let reachable = who?.reachable { headers.append("Reachable", reachable ? "yes" : "no") }
            return Outcome(response: Response(v, .ok, headers: headers),
                           event: .greeted(peer, nickname: hello.nickname, address: address, port: hello.port))
        case .addFiles(let batch):
            return Self.added(try registry.addFiles(peer, batch), by: peer, version: v)
        case .removeFiles(let hashes):
            return Self.removed(try registry.removeFiles(peer, hashes), by: peer, version: v)
        default:
            return read(request, peer, registry)
        }
    }

    private func read(_ request: Request, _ peer: PeerID, _ registry: Registry) -> Outcome {
        let v = request.version
        switch request {
        case .lookupRFC(let number, _):
            return Outcome(response: Self.records(registry.lookupClassic(number).map(\.wireLine)), event: nil)
        case .listAllRFCs:
            return Outcome(response: Self.records(registry.listClassic().map(\.wireLine)), event: nil)
        case .lookupFile(let key, let wanted):
            var answer = LookupAnswerWriter()
            let found = registry.listSources(of: key, size: wanted, for: peer, into: &answer)
            guard answer.count > 0 else {
                return Outcome(response: .failure(.notFound, v, reason: "nobody has \(key)"), event: nil)
            }
            var headers: HeaderFields = ["Sources": String(answer.count)]
            if found.total > answer.count { headers.append("Total-Sources", String(found.total)) }
            if let size = found.size { headers.append("Size", String(size)) }
            if !found.otherSizes.isEmpty {
                headers.append("Other-Sizes", found.otherSizes.map(String.init).joined(separator: ","))
            }
            // One pass, each id's text made at its HELLO: filtering, describing and joining the ids per
            // answer was an eighth of a 60-source LOOKUP's CPU.
            answer.addHeaders(to: &headers)
            return Outcome(response: Response(v, .ok, headers: headers, body: .bytes(answer.body)), event: nil)
        case .search(let query):
            return search(query, version: v, in: registry)
        case .listAll(let page):
            let result = registry.listAll(cursor: page.cursor, limit: page.limit)
            var headers: HeaderFields = [:]
            Self.reachability(of: result.entries, into: &headers)
            return Outcome(response: Self.page(result, headers: headers), event: nil)
        case .browse(let target, let page):
            guard let result = registry.browse(target, cursor: page.cursor, limit: page.limit),
                  let who = registry.describe(target) else {
                return Outcome(response: .failure(.notFound, v, reason: "no peer \(target) is connected"), event: nil)
            }
            var headers: HeaderFields = ["Peer-Id": target.description, "Address": who.address]
            if let hello = who.hello {
                headers.append("Port", String(hello.port))
                if let name = hello.nickname { headers.append("Name", name) }
            }
            if let reachable = who.reachable { headers.append("Reachable", reachable ? "yes" : "no") }
            if let keyprint = who.keyprint { headers.append("Keyprint", keyprint) }
            return Outcome(response: Self.page(result, headers: headers), event: nil)
        case .ping:
            return Outcome(response: Response(v, .ok), event: nil)
        case .connectPeer(let target, let token):
            return Self.relay(from: peer, to: target, token: token, in: registry)
        case .give:
            return Outcome(response: .failure(.badRequest, v, reason: "GIVE goes to the upload port of the peer that asked"), event: nil)
        case .punch:
            // The server answers PUNCH itself (PunchDesk), holding the connection until the other side comes.
            return Outcome(response: .failure(.notFound, v, reason: "no meeting for that token"), event: nil)

        case .getRFC, .getFile, .getChunks:
            return Outcome(response: .failure(.badRequest, v, reason: "GET goes to a peer's upload port, not to the index"),
                           event: nil)
        case .addRFC, .hello, .addFiles, .removeFiles:
            preconditionFailure("\(request.name) changes the registry")
        }
    }

    /// `Reachable-Sources` (§5.5): for each hit, in order, how many of its sources the index did not find behind
    /// NAT. Left out when every source of every hit is such (nothing to tell).
    private static func reachability(of hits: [SearchHit], into headers: inout HeaderFields) {
        guard hits.contains(where: { ($0.reachableSources ?? $0.sources) < $0.sources }) else { return }
        headers.append("Reachable-Sources", hits.map { String($0.reachableSources ?? $0.sources) }.joined(separator: ","))
    }

    /// A classic answer: record lines, or 404 when there are none.
    private static func records(_ lines: [String]) -> Response {
        lines.isEmpty ? Response(.classic, .notFound) : Response(.classic, .ok, body: .lines(lines))
    }

    private static func page<Entry: WireLineConvertible>(_ result: Registry.PageResult<Entry>, headers: HeaderFields) -> Response {
        var headers = headers
        headers.append("Total", String(result.total))
        headers.append("Count", String(result.entries.count))
        if let next = result.nextCursor { headers.append("Next-Cursor", String(next)) }
        return Response(.shoal, .ok, headers: headers, body: .lines(result.entries.map(\.wireLine)))
    }

    private static func response(for error: RegistryError, _ request: Request) -> Response {
        switch error {
        case .helloRequired:
            return .failure(.badRequest, request.version, reason: "say HELLO before \(request.name)")
        case .alreadyGreeted:
            return .failure(.badRequest, request.version, reason: "HELLO was already said on this connection")
        case .tooManyFiles(let limit, let wouldHave):
            return .failure(.tooLarge, request.version,
                            reason: "a peer may register at most \(limit) files; this would make \(wouldHave)")
        case .tooManyNameBytes(let limit, let wouldHave):
            return .failure(.tooLarge, request.version,
                            reason: "a peer's names may take at most \(limit) bytes; this would make \(wouldHave)")
        }
    }
}
