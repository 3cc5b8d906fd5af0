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

    private var lines: [SourceLine?] = []
    private var numbers: [PeerID: UInt32] = [:]
    private var free: [UInt32] = []

    /// The line numbered `number`, if its session is still attached.
    @inline(__always)
    subscript(number: UInt32) -> SourceLine? {
        Int(number) < lines.count ? lines[Int(number)] : nil
    }

    /// The number of `peer`'s line (`none` when it has none).
    func number(of peer: PeerID) -> UInt32 { numbers[peer] ?? Self.none }

    /// Sets the line of its session, keeping the session's number when it has one.
    mutating func set(_ line: SourceLine) {
        if let number = numbers[line.peer] {
            lines[Int(number)] = line
        } else if let number = free.popLast() {
            numbers[line.peer] = number
            lines[Int(number)] = line
        } else if lines.count < Int(Self.none) {
            numbers[line.peer] = UInt32(lines.count)
            lines.append(line)
        }
    }

    /// The session is detached: its line is no longer listed; its number stays taken.
    mutating func detach(_ peer: PeerID) {
        guard let number = numbers[peer] else { return }
        lines[Int(number)] = nil
    }

    /// The last of a detached session's records is gone: its number may be given again.
    mutating func forget(_ peer: PeerID) {
        guard let number = numbers.removeValue(forKey: peer) else { return }
        lines[Int(number)] = nil
        free.append(number)
    }
}
