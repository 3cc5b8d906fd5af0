import Model
import Testing
import TestSupport
import Wire
@testable import IndexServer

@Suite("Search")
struct SearchTests {
    private func registry(_ names: [(String, UInt64)], holders: Int = 1) throws -> Registry {
        var registry = Registry()
        for h in 0..<holders {
            let peer = registry.openSession(address: "10.0.0.\(h)")
            try registry.hello(peer, Hello(port: 6000 + h))
            _ = try registry.addFiles(peer, names.map { Fixtures.file($0.0, size: $0.1) })
        }
        return registry
    }

    private func names(_ registry: Registry, _ keywords: [String], _ adjust: (inout SearchQuery) -> Void = { _ in }) -> [String] {
        var query = SearchQuery(keywords: keywords)
        adjust(&query)
        return registry.search(query).hits.map(\.name)
    }

    @Test("every keyword must be a word prefix; case and accents do not matter")
    func matching() throws {
        let r = try registry([("Ubuntu 24.04 Desktop.iso", 5), ("ubuntu-server.iso", 5), ("Résumé.pdf", 1), ("Debian.iso", 5)])
        #expect(Set(names(r, ["ubu"])) == ["Ubuntu 24.04 Desktop.iso", "ubuntu-server.iso"])
        #expect(names(r, ["ubuntu", "desk"]) == ["Ubuntu 24.04 Desktop.iso"])
        #expect(names(r, ["resume"]) == ["Résumé.pdf"])
        #expect(names(r, ["buntu"]).isEmpty, "matching is by word prefix, not substring")
        #expect(names(r, ["ubuntu", "nothing"]).isEmpty)
        #expect(names(r, ["iso", "s"]) == ["ubuntu-server.iso"], "one-letter keywords filter")
    }

    @Test("whole-word matches rank first, then more sources, then shorter names")
    func ranking() throws {
        var r = try registry([("linux kernel.tar", 1), ("linuxmint.iso", 1), ("linux.iso", 1)])
        #expect(names(r, ["linux"]) == ["linux.iso", "linux kernel.tar", "linuxmint.iso"])
        let peer = r.openSession(address: "10.9.9.9")
        try r.hello(peer, Hello(port: 1))
        _ = try r.addFiles(peer, [Fixtures.file("linux kernel.tar", size: 1)])
        #expect(names(r, ["linux"]).first == "linux kernel.tar")
    }

    @Test("size and type filters narrow; the limit caps")
    func filters() throws {
        let r = try registry((0..<30).map { ("song \($0).mp3", UInt64($0)) } + [("song book.pdf", 10)])
        #expect(names(r, ["song"]) { $0.extensions = FileCategory.audio.extensions }.count == 30)
        #expect(names(r, ["song"]) { $0.extensions = ["pdf"] } == ["song book.pdf"])
        #expect(Set(names(r, ["song"]) { $0.minimumSize = 10; $0.maximumSize = 11 })
                == ["song 10.mp3", "song 11.mp3", "song book.pdf"])
        #expect(names(r, ["song"]) { $0.limit = 5 }.count == 5)
    }

    @Test("Type rfc (and the document category) finds classic RFC records, which have no extension")
    func rfcType() throws {
        var r = try registry([("Hypertext notes.pdf", 3), ("Hypertext song.mp3", 3)])
        let classic = r.openSession(address: "10.0.0.50")
        _ = try r.addClassic(classic, ClassicRecord(number: 2616, host: "c", port: 1, title: "Hypertext Transfer Protocol"))
        #expect(names(r, ["hypertext"]) { $0.extensions = ["rfc"] } == ["Hypertext Transfer Protocol"])
        #expect(Set(names(r, ["hypertext"]) { $0.extensions = FileCategory.document.extensions })
                == ["Hypertext Transfer Protocol", "Hypertext notes.pdf"])
    }

    @Test("past the candidate cap, the answer says it is incomplete")
    func candidateCap() throws {
        var r = Registry(limits: RegistryLimits(maximumSearchCandidates: 10))
        let peer = r.openSession(address: "10.0.0.1")
        try r.hello(peer, Hello(port: 1))
        _ = try r.addFiles(peer, (0..<50).map { Fixtures.file("clip \($0).mp4") })
        let result = r.search(SearchQuery(keywords: ["clip"]))
        #expect(!result.complete && result.hits.count == 10)
        #expect(r.search(SearchQuery(keywords: ["clip", "49"])).hits.map(\.name) == ["clip 49.mp4"])
    }

    @Test("with hundreds of candidates, the ordered walk and the scan of every candidate give the same best hits")
    func walkAndScanAgree() throws {
        // Many candidates, read a batch at a time in both; whole-word and prefix matches, ties broken by
        // sources, length and name; the scan is forced by an ordered walk of 3 candidates.
        let vocabulary = ["live", "liver", "lives", "mix", "mixed", "remix", "set", "settle"]
        var rng = SplitMix64(seed: 11)
        let names = (0..<600).map { n in
            (0...(rng.next() % 4)).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] }
                .joined(separator: " ") + " \(n).flac"
        }
        func build(orderedWalk: Int) throws -> Registry {
            var limits = RegistryLimits()
            limits.orderedWalkLimit = orderedWalk
            var registry = Registry(limits: limits)
            for holder in 0..<3 {
                let peer = registry.openSession(address: "10.0.1.\(holder)")
                try registry.hello(peer, Hello(port: 1))
                // Later holders share a part of the files: more sources rank higher.
                _ = try registry.addFiles(peer, names.enumerated().filter { $0.offset % (holder + 1) == 0 }
                    .map { Fixtures.file($0.element) })
            }
            return registry
        }
        let walking = try build(orderedWalk: 2048), scanning = try build(orderedWalk: 3)
        for keywords in [["live", "mix"], ["liv", "mixed"], ["mix", "set"], ["remix", "l"], ["se", "live", "mix"]] {
            for limit in [1, 7, 40, 200] {
                let query = SearchQuery(keywords: keywords, limit: limit)
                let walked = walking.search(query), scanned = scanning.search(query)
                #expect(walked.complete && scanned.complete)
                #expect(!walked.hits.isEmpty, "\(keywords) finds something")
                #expect(walked.hits.map(\.name) == scanned.hits.map(\.name), "\(keywords) limit \(limit)")
            }
        }
    }

    @Test("a walk whose candidates rarely match the other keyword turns to a scan early and finds every hit, in rank order")
    func sparseKeywordsScanEarly() throws {
        // `live` has the fewer candidates (2,030 against 2,530), so it drives; 1 in 68 of them has `rare`:
        // the walk judges after 32 candidates that a scan costs less, and the scan must find all 30.
        var r = Registry()
        let peer = r.openSession(address: "10.0.0.1")
        try r.hello(peer, Hello(port: 1))
        let wanted = (0..<30).map { "live rare \($0 * 37).flac" }
        _ = try r.addFiles(peer, (0..<2000).map { Fixtures.file("live \($0).flac") })
        _ = try r.addFiles(peer, wanted.map { Fixtures.file($0) })
        _ = try r.addFiles(peer, (0..<2500).map { Fixtures.file("rare other \($0).flac") })
        // Every hit has one source and both keywords whole: shorter names first, then by name.
        let ranked = wanted.sorted { ($0.count, $0) < ($1.count, $1) }
        for limit in [100, 30, 7] {
            let result = r.search(SearchQuery(keywords: ["live", "rare"], limit: limit))
            #expect(result.complete, "limit \(limit)")
            #expect(result.hits.map(\.name) == Array(ranked.prefix(limit)), "limit \(limit)")
        }
        let prefixes = r.search(SearchQuery(keywords: ["liv", "rar"]))
        #expect(prefixes.complete && prefixes.hits.map(\.name) == ranked)
    }

    /// 200 items named `clip N take.mp4`, in a registry that evaluates at most `evaluations` candidates a
    /// search and walks at most `orderedWalk` before it scans.
    private func clipsAndTakes(evaluations: Int, orderedWalk: Int) throws -> Registry {
        var limits = RegistryLimits(maximumSearchEvaluations: evaluations)
        limits.orderedWalkLimit = orderedWalk
        var r = Registry(limits: limits)
        let peer = r.openSession(address: "10.0.0.1")
        try r.hello(peer, Hello(port: 1))
        _ = try r.addFiles(peer, (0..<200).map { Fixtures.file("clip \($0) take.mp4") })
        return r
    }

    @Test("past the evaluation cap, the walk and the scan both stop and say the answer is incomplete")
    func evaluationCap() throws {
        for orderedWalk in [2048, 3] {
            let r = try clipsAndTakes(evaluations: 40, orderedWalk: orderedWalk)
            let result = r.search(SearchQuery(keywords: ["clip", "take"], limit: 100))
            #expect(!result.complete, "ordered walk \(orderedWalk)")
            #expect(result.hits.count == 40, "ordered walk \(orderedWalk): the hits of the candidates evaluated")
        }
    }

    @Test("a search's own budget caps it as the limits do when it is smaller, and never raises them")
    func searchBudget() throws {
        for orderedWalk in [2048, 3] {
            let r = try clipsAndTakes(evaluations: 60, orderedWalk: orderedWalk)
            let query = SearchQuery(keywords: ["clip", "take"], limit: 100)
            let small = r.search(query, budget: SearchBudget(candidates: 1000, evaluations: 40))
            #expect(!small.complete && small.hits.count == 40, "ordered walk \(orderedWalk)")
            let large = r.search(query, budget: SearchBudget(candidates: 1_000_000, evaluations: 1_000_000))
            #expect(!large.complete && large.hits.count == 60, "ordered walk \(orderedWalk): the limits' 60 evaluations")
            let few = r.search(SearchQuery(keywords: ["clip", "take"], limit: 10), budget: SearchBudget(candidates: 5, evaluations: 40))
            #expect(!few.complete && few.examined <= 6, "ordered walk \(orderedWalk): examined \(few.examined)")
        }
    }

    @Test("a budget that gives up when short starts no search it estimates beyond its slack, and every other one")
    func givingUpWhenLikelyShort() throws {
        var r = Registry()
        let peer = r.openSession(address: "10.0.0.1")
        try r.hello(peer, Hello(port: 1))
        _ = try r.addFiles(peer, (0..<200).map { Fixtures.file("clip \($0) take.mp4") })
        _ = try r.addFiles(peer, (0..<1000).map { Fixtures.file("other \($0).mp3") })
        // 200 candidates of `clip`; a sixth of all items have `take`: 600 to find 100, so about 200 evaluated.
        let both = SearchQuery(keywords: ["clip", "take"], limit: 100)
        let givenUp = r.search(both, budget: SearchBudget(candidates: 1000, evaluations: 40, givesUpWhenLikelyShort: true))
        #expect(!givenUp.complete && givenUp.examined == 0, "200 over 4 × 40: not started")
        let started = r.search(both, budget: SearchBudget(candidates: 1000, evaluations: 60, givesUpWhenLikelyShort: true))
        #expect(!started.complete && started.examined >= 60, "200 within 4 × 60: started, and stopped at its budget")
        let cheap = r.search(SearchQuery(keywords: ["clip"], limit: 5), budget: SearchBudget(candidates: 1000, evaluations: 40, givesUpWhenLikelyShort: true))
        #expect(cheap.complete && cheap.hits.count == 5, "one keyword: about as many as asked for")
    }

    @Test("a broad keyword costs about as many candidates as hits asked for, and the answer is complete")
    func broadKeywordStopsEarly() throws {
        var r = Registry()
        let peer = r.openSession(address: "10.0.0.1")
        try r.hello(peer, Hello(port: 1))
        _ = try r.addFiles(peer, (0..<2000).map { Fixtures.file("live set \($0).flac") })
        _ = try r.addFiles(peer, [Fixtures.file("liverpool.txt"), Fixtures.file("live.txt")])
        let result = r.search(SearchQuery(keywords: ["live"], limit: 5))
        #expect(result.complete && result.examined <= 20, "examined \(result.examined)")
        // Whole-word matches first, then shorter names, then by name.
        #expect(result.hits.map(\.name) == ["live.txt", "live set 0.flac", "live set 1.flac", "live set 2.flac",
                                             "live set 3.flac"])
        #expect(r.search(SearchQuery(keywords: ["liver"], limit: 5)).hits.map(\.name) == ["liverpool.txt"])
    }

    @Test("an item named differently by two peers is found under both names until one leaves")
    func aliasNames() throws {
        var r = Registry()
        let a = r.openSession(address: "10.0.0.1"), b = r.openSession(address: "10.0.0.2")
        try r.hello(a, Hello(port: 1))
        try r.hello(b, Hello(port: 2))
        _ = try r.addFiles(a, [Fixtures.file("holiday.jpg", seed: "same")])
        _ = try r.addFiles(b, [Fixtures.file("beach.jpg", seed: "same")])
        #expect(names(r, ["beach"]) == ["holiday.jpg"])
        r.closeSession(b)
        #expect(names(r, ["beach"]).isEmpty && names(r, ["holiday"]) == ["holiday.jpg"])
    }
}
