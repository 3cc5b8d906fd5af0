import CPrefetch
import Model

/// The ``SourceLine`` of each greeted session, numbered: each content record holds its session's number
/// (``ContentHolder/lineNumber``), so a LOOKUP reads every source's line straight from this table.
/// Finding it by peer id in a dictionary read about three more cache lines a source, and a popular file
/// lists 200 sources.
///
/// A detached session's line goes at once (its records are no longer offered as sources), but its number
/// is reused only once the last of its records is gone (``forget(_:)``): until then a record still holding
/// it must not list a newer session.
struct SourceLineTable: Sendable {
    /// The number of no line: a record made when its session had none is never listed. Numbers fit in 24
    /// bits (``ContentHolder``), so at most 16,777,215 sessions have lines at once; past that, new
    /// sessions' records are not listed (the index's connection limits are far below it).
    static let none: UInt32 = 0xFF_FFFF

    /// Each session's line, held (counted) here.
    private var lines: [SourceLine?] = []
    /// The same lines, not counted, for reading (``withLine(_:_:)``): always changed with `lines`, so each
    /// refers to the line at the same place there, which keeps it alive. A LOOKUP of a popular file reads 200
    /// lines, the same objects on every event loop; counting a reference to each (and to its name) made both
    /// threads write the same objects' counts: 4.6 % of the index's CPU at 64 connections (BENCHMARKS.md).
    private var unretained: [Unmanaged<SourceLine>?] = []
    private var numbers: [PeerID: UInt32] = [:]
    private var free: [UInt32] = []

    /// Calls `body` with the line numbered `number`, if its session is still attached, without counting a
    /// reference to it: the line is lent for the call, kept alive by this table (which `body` cannot change).
    @inline(__always)
    func withLine<Result>(_ number: UInt32, _ body: (SourceLine) -> Result) -> Result? {
        attached(number)?._withUnsafeGuaranteedRef(body)
    }

    /// The line numbered `number`, uncounted, if its session is still attached.
    @inline(__always)
    private func attached(_ number: UInt32) -> Unmanaged<SourceLine>? {
        Int(number) < unretained.count ? unretained[Int(number)] : nil
    }

    /// Whether the line numbered `number` is attached; if it is, starts bringing the line in, ahead of
    /// ``prefetchStart(_:)`` and ``withLine(_:_:)``. A LOOKUP reads up to 200 lines at random places, two
    /// dependent cache misses each (the line, then the bytes of its `start`): met one after another, they
    /// were a fifth of the index's CPU in a profile of LOOKUPs at 64 connections; fetched together, their
    /// misses overlap (BENCHMARKS.md). A hint only: nothing is read here but the table.
    @inline(__always)
    func prefetch(_ number: UInt32) -> Bool {
        guard let line = attached(number) else { return false }
        // What a LOOKUP reads of a line lies between 16 and 65 bytes into it, past the object's header.
        let object = UnsafeRawPointer(line.toOpaque())
        shoal_prefetch(object + 16)
        shoal_prefetch(object + 65)
        return true
    }

    /// Starts bringing in the bytes of the `start` of the line numbered `number` (once the line itself has
    /// been brought in by ``prefetch(_:)``).
    @inline(__always)
    func prefetchStart(_ number: UInt32) {
        attached(number)?._withUnsafeGuaranteedRef { $0.prefetchStart() }
    }

    /// The number of `peer`'s line (`none` when it has none).
    func number(of peer: PeerID) -> UInt32 { numbers[peer] ?? Self.none }

    /// Sets the line of its session, keeping the session's number when it has one.
    mutating func set(_ line: SourceLine) {
        if let number = numbers[line.peer] {
            put(line, at: number)
        } else if let number = free.popLast() {
            numbers[line.peer] = number
            put(line, at: number)
        } else if lines.count < Int(Self.none) {
            numbers[line.peer] = UInt32(lines.count)
            lines.append(line)
            unretained.append(Unmanaged.passUnretained(line))
        }
    }

    /// The session is detached: its line is no longer listed; its number stays taken.
    mutating func detach(_ peer: PeerID) {
        guard let number = numbers[peer] else { return }
        put(nil, at: number)
    }

    /// The last of a detached session's records is gone: its number may be given again.
    mutating func forget(_ peer: PeerID) {
        guard let number = numbers.removeValue(forKey: peer) else { return }
        put(nil, at: number)
        free.append(number)
    }

    /// The one place both arrays change at an existing number (see `unretained`).
    private mutating func put(_ line: SourceLine?, at number: UInt32) {
        lines[Int(number)] = line
        unretained[Int(number)] = line.map(Unmanaged.passUnretained)
    }
}
