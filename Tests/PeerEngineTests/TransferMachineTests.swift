import Model
import PeerEngine
import Testing
import Wire

/// A download from LOOKUP to its last chunk, path by path, without sockets or time: what the machine asks
/// for after each report, and how long it waits.
@Suite("Transfer machine")
struct TransferMachineTests {
    static func source(_ number: Int) -> FileSource {
        FileSource(peer: PeerID(UInt64(number)), dialect: .shoal, host: "192.0.2.\(number)", port: 6000, nickname: nil, name: "f")
    }

    static let size: UInt64 = 3_000_000

    /// A fresh download that found `sources` and fetched its chunk list: the first round is about to run.
    static func running(_ sources: [FileSource]) -> TransferMachine {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        _ = machine.lookedUp(size: size, sources: sources, otherSizes: [], now: .zero)
        _ = machine.chunkList(found: true)
        return machine
    }

    @Test("a fresh download: LOOKUP, the chunk list at the agreed size, a round, the file")
    func happyPath() {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        #expect(machine.start() == [.lookUp])
        #expect(machine.lookedUp(size: Self.size, sources: [Self.source(1)], otherSizes: [], now: .zero)
                == [.show(nil), .fetchChunkList(size: Self.size)])
        #expect(machine.chunkList(found: true) == [.runRound([Self.source(1)])])
        #expect(machine.roundEnded(complete: true, missingChunks: 0, problems: "") == [.finish])
    }

    @Test("the index gone: LOOKUP again after 0.25, 0.5, 1, 2, 4, then every 5 s, for as long as it takes, saying so")
    func indexGone() {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        _ = machine.start()
        var now = Duration.zero
        for wait in [0.25, 0.5, 1, 2, 4, 5, 5, 5] {
            #expect(machine.indexUnavailable("the index at 127.0.0.1:7734 is unreachable", now: now)
                    == [.show("waiting for the index: the index at 127.0.0.1:7734 is unreachable"), .wait(.milliseconds(Int(wait * 1000)))])
            now += .seconds(wait)
            #expect(machine.waited(now: now) == [.lookUp])
        }
        #expect(machine.lookedUp(size: Self.size, sources: [Self.source(1)], otherSizes: [], now: now)
                == [.show(nil), .fetchChunkList(size: Self.size)], "the index back: the download goes on")
    }

    @Test("nobody has the file: waiting for sources for 30 s, then it fails with no sources")
    func nobodyHasIt() {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        _ = machine.start()
        var now = Duration.zero, waited = Duration.zero
        while true {
            let actions = machine.lookedUp(size: nil, sources: [], otherSizes: [], now: now)
            guard case .wait(let wait)? = actions.last else {
                #expect(actions == [.fail(.noSources)])
                break
            }
            #expect(actions.first == .show("waiting for sources"))
            now += wait
            waited += wait
            _ = machine.waited(now: now)
        }
        #expect(waited >= .seconds(30) && waited < .seconds(35))
    }

    @Test("all sources gone: rounds after 1, 2, 4 and 8 s, each with a fresh LOOKUP; then it fails naming the sources' problems")
    func allSourcesGone() {
        var machine = Self.running([Self.source(1)])
        for (round, wait) in [1, 2, 4, 8].enumerated() {
            #expect(machine.roundEnded(complete: false, missingChunks: 3, problems: "x") == [.wait(.seconds(wait))])
            #expect(machine.round == round + 1)
            #expect(machine.waited(now: .seconds(100)) == [.lookUp])
            #expect(machine.lookedUp(size: Self.size, sources: [Self.source(2)], otherSizes: [], now: .seconds(100))
                    == [.show(nil), .runRound([Self.source(2)])], "the round's sources are the new LOOKUP's")
        }
        #expect(machine.roundEnded(complete: false, missingChunks: 3, problems: "192.0.2.2:6000 could not be reached")
                == [.fail(.sourcesExhausted(missingChunks: 3, problems: "192.0.2.2:6000 could not be reached"))])
    }

    @Test("between rounds, a LOOKUP that finds nobody waits up to 30 s, then the round runs with the sources it had")
    func roundKeepsSources() {
        var machine = Self.running([Self.source(1)])
        _ = machine.roundEnded(complete: false, missingChunks: 1, problems: "")
        _ = machine.waited(now: .seconds(1))
        var now = Duration.seconds(1)
        var last: [TransferMachine.Action] = []
        repeat {
            last = machine.lookedUp(size: Self.size, sources: [], otherSizes: [], now: now)
            if case .wait(let wait)? = last.last { now += wait; _ = machine.waited(now: now) }
        } while last.last != .runRound([Self.source(1)])
        #expect(now - .seconds(1) >= .seconds(30))
    }

    @Test("no chunk list fits the agreed size (an impostor's): the other announced sizes are tried, pinned in LOOKUP")
    func impostorSize() {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        _ = machine.start()
        #expect(machine.lookedUp(size: 9, sources: [Self.source(1)], otherSizes: [Self.size, 7], now: .zero)
                == [.show(nil), .fetchChunkList(size: 9)])
        #expect(machine.chunkList(found: false) == [.trySize(Self.size, keepingList: false), .lookUp])
        #expect(machine.pinnedSize == Self.size)
        #expect(machine.lookedUp(size: Self.size, sources: [Self.source(2)], otherSizes: [9, 7], now: .zero)
                == [.show(nil), .fetchChunkList(size: Self.size)])
        #expect(machine.chunkList(found: false) == [.trySize(7, keepingList: false), .lookUp])
        _ = machine.lookedUp(size: 7, sources: [Self.source(3)], otherSizes: [9, Self.size], now: .zero)
        #expect(machine.chunkList(found: false) == [.fail(.noChunkList(problems: ""))], "every announced size tried")
    }

    @Test("a download resumed with its chunk list checks its verified chunks again, keeps its size, and goes on")
    func resumed() {
        var machine = TransferMachine(size: Self.size, hasChunkList: true)
        _ = machine.start()
        #expect(machine.lookedUp(size: 1, sources: [Self.source(1)], otherSizes: [], now: .zero)
                == [.show(nil), .reverify(size: Self.size)], "the saved list's size wins over a newcomer's tie")
        #expect(machine.reverified() == [.runRound([Self.source(1)])])
        #expect(machine.pinnedSize == Self.size, "LOOKUP asks for the holders of the size being fetched")
    }

    @Test("an impostor with the true chunk list and a size a few bytes off wins the agreed size: when its round fails, the other size is tried, keeping the list")
    func impostorWithTrueList() {
        var machine = TransferMachine(size: nil, hasChunkList: false)
        _ = machine.start()
        let liar = Self.size - 10  // as many chunks as the true size
        _ = machine.lookedUp(size: liar, sources: [Self.source(1)], otherSizes: [Self.size], now: .zero)
        #expect(machine.chunkList(found: true) == [.runRound([Self.source(1)])])
        #expect(machine.pinnedSize == liar)
        #expect(machine.roundEnded(complete: false, missingChunks: 1, problems: "192.0.2.1:6000 sent a bad chunk 2")
                == [.trySize(Self.size, keepingList: true), .lookUp], "before any back-off")
        #expect(machine.pinnedSize == Self.size)
        #expect(machine.lookedUp(size: Self.size, sources: [Self.source(2)], otherSizes: [liar], now: .zero)
                == [.show(nil), .reverify(size: Self.size)])
        #expect(machine.reverified() == [.runRound([Self.source(2)])])
        #expect(machine.roundEnded(complete: true, missingChunks: 0, problems: "") == [.finish])
    }
}
