import Demo
import Foundation
import Model
import PeerEngine
import Testing
import Wire

/// The demo's generated files: what makes the demo show what it claims to show.
@Suite("Demo samples")
struct DemoSampleTests {
    @Test("a sample is the same bytes in every run, exactly its size, with every 1 MiB chunk different")
    func deterministic() throws {
        let sample = try #require(DemoSamples.all.first { $0.name.hasSuffix(".pdf") })
        let first = DemoSamples.bytes(of: sample), second = DemoSamples.bytes(of: sample)
        #expect(first == second && first.count == sample.size)
        let chunks = FileHasher.digest(of: Array(first)).chunks.digests
        #expect(chunks.count == 3 && Set(chunks).count == chunks.count)
        let other = try #require(DemoSamples.all.first { $0.name.hasSuffix(".jpg") })
        #expect(DemoSamples.bytes(of: other).prefix(1 << 20) != first.prefix(1 << 20), "two samples never share a chunk")
    }

    @Test("the set shows what the demo promises: KB to hundreds of MB, accents and CJK, multi-source files, an RFC text, all three bots busy")
    func coverage() {
        let sizes = DemoSamples.all.map(\.size)
        #expect(sizes.min()! < 10_000 && sizes.max()! >= 200_000_000)
        #expect(DemoSamples.all.contains { $0.name.unicodeScalars.contains { $0.properties.isIdeographic } })
        #expect(DemoSamples.all.contains { $0.name.unicodeScalars.contains { (0xC0...0x17F).contains($0.value) } })
        #expect(DemoSamples.all.contains { $0.sharers.count == 3 } && DemoSamples.all.contains { $0.sharers.count == 2 })
        #expect(DemoSamples.all.contains { RFCFileName.number(fromFileName: $0.name) != nil && $0.content == .text })
        #expect((0..<DemoSamples.bots.count).allSatisfy { !DemoSamples.shared(by: $0).isEmpty })
        #expect(Set(DemoSamples.all.map(\.name)).count == DemoSamples.all.count)
    }
}
