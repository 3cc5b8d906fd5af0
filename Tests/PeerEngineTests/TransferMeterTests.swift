import NIOCore
import PeerEngine
import Testing

@Suite("Transfer meter")
struct TransferMeterTests {
    let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("the first chunk already gives a speed, measured from the start")
    func firstChunk() {
        var meter = TransferMeter()
        meter.start(at: t0)
        meter.record(1 << 20, at: t0 + .seconds(1))
        #expect(meter.bytesPerSecond(at: t0 + .seconds(1)) == Double(1 << 20))
    }

    @Test("a steady rate reads steady; a change is followed within a few seconds; silence reads zero")
    func smoothing() {
        var meter = TransferMeter()
        meter.start(at: t0)
        for second in 1...5 { meter.record(1_000_000, at: t0 + .seconds(Int64(second))) }
        #expect(abs(meter.bytesPerSecond(at: t0 + .seconds(5)) - 1_000_000) < 1)
        for step in 1...8 { meter.record(1_000_000, at: t0 + .seconds(5) + .milliseconds(Int64(step * 500))) }
        #expect(meter.bytesPerSecond(at: t0 + .seconds(9)) > 1_800_000, "doubled speed shows within four seconds")
        #expect(meter.bytesPerSecond(at: t0 + .seconds(20)) == 0)
    }
}
