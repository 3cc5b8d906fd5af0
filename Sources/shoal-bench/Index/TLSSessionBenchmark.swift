import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import Trust

/// What a TLS session costs the index: its resident memory with N idle plaintext connections, then with N
/// idle TLS ones, each having said PING and read the answer.
struct TLSSessionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls-sessions",
        abstract: "The index's memory per TLS connection against per plaintext connection (idle, after one PING or HELLO each).",
        discussion: """
            Starts shoal-index (the release build beside shoal-bench) with --allow-plaintext and no per-address limit, \
            opens --connections plaintext connections and reads its resident memory (VmRSS), closes them, then does the \
            same over TLS 1.3. The difference per connection is what TLS adds. With --hello each connection says HELLO \
            as a peer does (over TLS with its key proof, PROTOCOL.md 9.1) instead of PING.
            """
    )

    @OptionGroup var options: BenchOptions
    @Option(help: "Connections of each kind.") var connections = 2000
    @Flag(help: "Each connection says HELLO (with a key proof over TLS) instead of PING.") var hello = false

    func run() async throws {
        Console.say(try await measure().render())
    }

    func measure() async throws -> ResultTable {
        let work = try WorkFolder(options.workFolder)
        defer { work.remove() }
        let shoal = try ShoalProcesses(work: work)
        let identity = try TLSIdentity.ephemeral(name: "bench")
        var plain = Samples(), tls = Samples()
        for run in 1...options.runs {
            // A fresh index for each kind: memory freed by one kind's connections is not counted for the other.
            for encrypted in run % 2 == 1 ? [false, true] : [true, false] {
                let (index, port) = try shoal.index(["--allow-plaintext", "--max-connections-per-address", "0",
                                                     "--reachability-timeout", "0", "--state", work.path + "/index-state"])
                defer { index.stop() }
                let before = index.memory("VmRSS")
                let opened = try await Self.open(connections, port: port, tls: encrypted ? TLSDialing(identity: identity, expecting: nil) : nil,
                                                 helloAs: hello ? identity : nil)
                let each = Double(index.memory("VmRSS") - before) / Double(connections)
                if encrypted { tls.add(each) } else { plain.add(each) }
                for channel in opened { try? await channel.close() }
            }
            Console.say("tls-sessions: run \(run)/\(options.runs): plaintext \(Figure.kilobytes(plain.values.last!)), TLS \(Figure.kilobytes(tls.values.last!)) per connection")
        }
        var table = ResultTable()
        let added = tls.median - plain.median
        table.add(.init(measure: "index memory per idle connection (\(connections) of each, after \(hello ? "HELLO" : "PING"))",
                        shoal: "TLS \(Figure.kilobytes(tls.median))", baseline: "plaintext \(Figure.kilobytes(plain.median))",
                        ratio: "+\(Figure.kilobytes(added))", target: "TLS adds ≤ 20 KB", met: added <= 20_000))
        return table
    }

    /// `count` connections to the index, each having sent PING (or with `helloAs`, that identity's HELLO, with
    /// its key proof over TLS) and read the answer.
    static func open(_ count: Int, port: Int, tls: TLSDialing?, helloAs identity: TLSIdentity?) async throws -> [any Channel] {
        var channels: [any Channel] = []
        for _ in 0..<count {
            let answered = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(FirstAnswer(answered)) }
                }
                .connect(host: "127.0.0.1", port: port).get()
            let indexKey = try await tls?.secure(channel).get()
            var request = "PING P2P-CI/2.1\r\n\r\n"
            if let identity {
                let proof = try indexKey.map { try KeyProof(by: identity, for: $0) }
                request = "HELLO P2P-CI/2.1\r\nPort: 6001\r\n" + (proof.map { "Key: \($0.key)\r\nKey-Proof: \($0.signature)\r\n" } ?? "") + "\r\n"
            }
            try await channel.writeAndFlush(channel.allocator.buffer(string: request))
            try await answered.futureResult.get()
            channels.append(channel)
        }
        return channels
    }

    /// A PING or HELLO not answered 200: the measure would not be of a working session.
    struct NotAccepted: Error, CustomStringConvertible {
        let line: String
        var description: String { "tls-sessions: the index answered '\(line)'" }
    }

    /// Completes a promise at the first bytes of an answer: with success when it is a 200.
    final class FirstAnswer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let answered: EventLoopPromise<Void>
        var done = false
        init(_ answered: EventLoopPromise<Void>) { self.answered = answered }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let line = String(buffer: Self.unwrapInboundIn(data)).prefix { $0 != "\r" }
            finish(line.hasPrefix("P2P-CI/2.1 200") ? .success(()) : .failure(NotAccepted(line: String(line))))
        }
        func channelInactive(context: ChannelHandlerContext) { finish(.failure(ChannelError.eof)) }
        private func finish(_ result: Result<Void, any Error>) {
            guard !done else { return }
            done = true
            answered.completeWith(result)
        }
    }
}
