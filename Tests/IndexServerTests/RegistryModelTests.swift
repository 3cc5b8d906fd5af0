import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

/// Random adds, renames, removals and closed sessions, checked after every step against a plain model of
/// who holds what under which name: search finds exactly the items whose names match, under the oldest
/// holder's name; sources keep seniority; no word outlives the names it came from.
@Suite("Registry against a model")
struct RegistryModelTests {
    /// What the registry should hold: each item's holders, oldest first, with their names.
    private struct Model {
        var files: [ContentHash: [(peer: PeerID, name: String, size: UInt64)]] = [:]
        var rfcs: [Int: [(peer: PeerID, title: String)]] = [:]

        var records: Int { files.values.reduce(0) { $0 + $1.count } + rfcs.values.reduce(0) { $0 + $1.count } }

        /// Every item's key, its oldest holder's name and the words of all its names.
        var items: [(key: FileKey, name: String, words: Set<String>)] {
            files.map { (FileKey.content($0.key), $0.value[0].name, Self.words($0.value.map(\.name))) }
                + rfcs.map { (FileKey.rfc($0.key), $0.value[0].title, Self.words($0.value.map(\.title))) }
        }

        mutating func close(_ peer: PeerID) {
            for hash in files.keys { files[hash]?.removeAll { $0.peer == peer } }
            for number in rfcs.keys { rfcs[number]?.removeAll { $0.peer == peer } }
            files = files.filter { !$0.value.isEmpty }
            rfcs = rfcs.filter { !$0.value.isEmpty }
        }

        /// Sources as results show them: every holder (all announce one size here); for RFC items, classic
        /// records and files named like that RFC.
        func sources(_ key: FileKey) -> Int {
            switch key {
            case .content(let hash): return agreed(hash).holders
            case .rfc(let number):
                let named = files.values.joined().filter { RFCFileName.number(fromFileName: $0.name) == number }.count
                return (rfcs[number]?.count ?? 0) + named
            }
        }

        /// The size most holders announce, ties to the longest-standing holder, and how many announce it.
        func agreed(_ hash: ContentHash) -> (size: UInt64, holders: Int) {
            let holders = files[hash] ?? []
            let counts = Dictionary(holders.map { ($0.size, 1) }, uniquingKeysWith: +)
            let best = counts.values.max() ?? 0
            return (holders.first { counts[$0.size] == best }?.size ?? 0, best)
        }

        static func words(_ names: [String]) -> Set<String> { Set(names.flatMap(NameTokenizer.words)) }
    }

    private static let vocabulary = ["alpha", "alps", "beta", "bet", "gamma", "x", "ab", "Émile"]

    @Test("random changes keep search, ranking, sources and the word index equal to a model",
          arguments: [2048, 3])
    func randomChanges(orderedWalk: Int) throws {
        var rng = SplitMix64(seed: 7)
        func pick<T>(_ values: [T]) -> T { values[Int(rng.next() % UInt64(values.count))] }
        func name() -> String {
            if rng.next() % 8 == 0 { return "rfc_2.txt" }
            return (0...(rng.next() % 3)).map { _ in pick(Self.vocabulary) }.joined(separator: " ")
                + pick([".txt", ".iso", ""])
        }
        let hashes = (0..<10).map { Fixtures.hash("model \($0)") }
        // A short ordered walk makes searches fall back to scanning every candidate.
        var limits = RegistryLimits()
        limits.orderedWalkLimit = orderedWalk
        var registry = Registry(limits: limits)
        var model = Model()
        var shoalPeers: [PeerID] = []
        var classicPeers: [PeerID] = []
        func openShoal() throws -> PeerID {
            let peer = registry.openSession(address: "10.0.0.1")
            try registry.hello(peer, Hello(port: 1))
            return peer
        }
        for _ in 0..<3 { shoalPeers.append(try openShoal()) }
        for _ in 0..<2 { classicPeers.append(registry.openSession(address: "10.0.0.2")) }
        var remembered = RememberedAnswers()

        for step in 0..<400 {
            switch rng.next() % 9 {
            case 0..<5:
                let (peer, index, name) = (pick(shoalPeers), Int(rng.next() % 10), name())
                let hash = hashes[index]
                // Now and then a peer announces another size (a liar, or a file that changed).
                let size = 100 + UInt64(index) + (rng.next() % 4 == 0 ? rng.next() % 2 + 1 : 0)
                _ = try registry.addFiles(peer, [FileAnnouncement(hash: hash, size: size, name: name)])
                if let at = model.files[hash]?.firstIndex(where: { $0.peer == peer }) {
                    model.files[hash]![at].name = name
                    model.files[hash]![at].size = size
                } else {
                    model.files[hash, default: []].append((peer, name, size))
                }
            case 5, 6:
                let (peer, hash) = (pick(shoalPeers), pick(hashes))
                _ = try registry.removeFiles(peer, [hash])
                model.files[hash]?.removeAll { $0.peer == peer }
                if model.files[hash]?.isEmpty == true { model.files[hash] = nil }
            case 7:
                let (peer, number, title) = (pick(classicPeers), 1 + Int(rng.next() % 3), name())
                _ = try registry.addClassic(peer, ClassicRecord(number: number, host: "h", port: 1, title: title))
                model.rfcs[number]?.removeAll { $0.peer == peer }
                model.rfcs[number, default: []].append((peer, title))
            default:
                if rng.next() % 2 == 0 {
                    let at = Int(rng.next() % 3)
                    registry.closeSession(shoalPeers[at])
                    model.close(shoalPeers[at])
                    shoalPeers[at] = try openShoal()
                } else {
                    let at = Int(rng.next() % 2)
                    registry.closeSession(classicPeers[at])
                    model.close(classicPeers[at])
                    classicPeers[at] = registry.openSession(address: "10.0.0.2")
                }
            }
            try check(registry, against: model, step: step, remembered: &remembered)
        }
        // The stamps must also stay put when nothing a search depends on changed, or no answer is reused.
        #expect(remembered.reusable > 1000, "only \(remembered.reusable) answers could have been reused")
        #expect(remembered.changed > 1000, "only \(remembered.changed) answers changed under a new stamp")
    }

    /// Each search's last answer with its stamp: an answer under the same stamp later must be the same
    /// (what lets the server reuse answers, ``SearchAnswerCache``).
    private struct RememberedAnswers {
        var answers: [SearchQuery: (stamp: SearchStamp?, hits: [SearchHit], complete: Bool)] = [:]
        /// Searches whose stamp had not changed since the last step, and whose answer was therefore the same.
        var reusable = 0
        /// Searches whose stamp had changed.
        var changed = 0

        mutating func check(_ query: SearchQuery, in registry: Registry, step: Int) -> [SearchHit] {
            let stamp = registry.searchStamp(query)
            let result = registry.search(query)
            if let before = answers[query], let stamp, before.stamp == stamp {
                reusable += 1
                #expect(before.hits == result.hits && before.complete == result.complete,
                        "step \(step): \(query.keywords) limit \(query.limit) changed under the same stamp")
            } else if answers[query] != nil {
                changed += 1
            }
            answers[query] = (stamp, result.hits, result.complete)
            return result.hits
        }
    }

    private func check(_ registry: Registry, against model: Model, step: Int, remembered: inout RememberedAnswers) throws {
        let items = model.items
        #expect(registry.itemCount == items.count, "step \(step)")
        #expect(registry.recordCount == model.records, "step \(step)")
        #expect(registry.words.wordCount == Set(items.flatMap(\.words)).count, "step \(step): words outlive names")
        for (hash, holders) in model.files {
            let agreed = model.agreed(hash)
            let found = registry.sources(of: .content(hash))
            #expect(found.size == agreed.size, "step \(step): agreed size")
            #expect(found.sources.map(\.peer) == holders.filter { $0.size == agreed.size }.map(\.peer), "step \(step)")
        }
        let rfcLike = model.files.values.joined().filter { $0.name == "rfc_2.txt" }.count
        #expect(registry.lookupClassic(2).count == rfcLike + (model.rfcs[2]?.count ?? 0), "step \(step)")

        let words = NameTokenizer.words(Self.vocabulary.joined(separator: " ")) + ["txt", "iso", "rfc", "2"]
        let singles = words.flatMap { word in (1...3).map { [String(word.prefix($0))] } + [[word]] }
        let pairs = zip(words, words.dropFirst(2)).map { [String($0.prefix(2)), $1] }
        for keywords in singles + pairs + [["a", "x"], ["al", "b"]] {
            // Keywords of one character only filter: a search needs one of 2 or more.
            let expected = !keywords.contains { $0.count >= 2 } ? [] : items.filter { item in
                keywords.allSatisfy { keyword in item.words.contains { $0.hasPrefix(keyword) } }
            }
            let hits = remembered.check(SearchQuery(keywords: keywords), in: registry, step: step)
            #expect(Set(hits.map(\.key)) == Set(expected.map(\.key)), "step \(step): \(keywords)")
            let names = Dictionary(uniqueKeysWithValues: expected.map { ($0.key, $0.name) })
            #expect(hits.allSatisfy { names[$0.key] == $0.name }, "step \(step): \(keywords)")
            // The best few, in the order of PROTOCOL.md §5.5, whatever the search skipped to find them.
            for limit in [1, 3] {
                let ranked = expected.map { item in
                    let exact = keywords.filter { item.words.contains($0) }.count
                    return (exact: exact, sources: model.sources(item.key), length: item.name.count, name: item.name)
                }.sorted { ($0.exact, $0.sources, $1.length, $1.name) > ($1.exact, $1.sources, $0.length, $0.name) }
                let top = remembered.check(SearchQuery(keywords: keywords, limit: limit), in: registry, step: step)
                #expect(top.map { "\($0.name) \($0.sources)" } == ranked.prefix(limit).map { "\($0.name) \($0.sources)" },
                        "step \(step): \(keywords) limit \(limit)")
            }
        }
    }
}
