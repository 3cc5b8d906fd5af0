/// Follows a classic index's answers line by line, to tell when one is over though the index did not end
/// it. Pure: ``ClassicAnswerEnd`` feeds it the requests sent and the bytes received.
///
/// The classic template ends a 200 with an empty line after its records. Some classic indexes end it with
/// the last record's line feed instead; a reader waiting for the empty line would wait for ever. An ADD's
/// answer has exactly one record, so it is over after that record. Other answers are over when the index
/// goes quiet (the caller's timer) while one is open and its last line is complete.
struct ClassicAnswerTracker {
    private enum Place {
        case betweenAnswers
        /// After the status line: `ok` when it is a 200, whose records follow.
        case head(ok: Bool)
        case records(Int)
    }

    private var place = Place.betweenAnswers
    /// The most records the answer now due can have: 1 for ADD, nil when unknown.
    private var recordLimit: Int?
    /// The first bytes of the line being read (enough to recognise `P2P-CI/1.0 200` and `RFC `).
    private var line: [UInt8] = []
    private var lineHasText = false

    /// True while an answer has begun and not ended, and its last line is complete: the moment to end it
    /// when the index goes quiet.
    var mayEndNow: Bool {
        if case .betweenAnswers = place { return false }
        return !lineHasText
    }

    /// A request went out: `requestLine` is its first line.
    mutating func sent(requestLine: some Collection<UInt8>) {
        recordLimit = requestLine.starts(with: "ADD ".utf8) ? 1 : nil
    }

    /// Consumes received bytes; returns the offsets just after which an answer is complete although no
    /// empty line ended it (an empty line belongs there).
    mutating func received(_ bytes: some Collection<UInt8>) -> [Int] {
        var ends: [Int] = []
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "\n"):
                if lineEnded() { ends.append(offset + 1) }
                line.removeAll(keepingCapacity: true)
                lineHasText = false
            case UInt8(ascii: "\r"):
                break
            default:
                lineHasText = true
                if line.count < 16 { line.append(byte) }
            }
        }
        return ends
    }

    /// The index went quiet and the answer was ended for it.
    mutating func endedForQuiet() { place = .betweenAnswers }

    /// Takes a complete line; true when it completes an answer that needs an empty line added.
    private mutating func lineEnded() -> Bool {
        let empty = !lineHasText
        switch place {
        case .betweenAnswers:
            if !empty { place = .head(ok: line.starts(with: "P2P-CI/1.0 200".utf8)) }
            return false
        case .head(let ok):
            if empty {
                place = ok ? .records(0) : .betweenAnswers
                return false
            }
            // Records right under the status line, as some classic indexes write them.
            return ok && line.starts(with: "RFC ".utf8) ? recordEnded(after: 0) : false
        case .records(let count):
            if empty {
                place = .betweenAnswers
                return false
            }
            return recordEnded(after: count)
        }
    }

    private mutating func recordEnded(after count: Int) -> Bool {
        if let recordLimit, count + 1 >= recordLimit {
            place = .betweenAnswers
            return true
        }
        place = .records(count + 1)
        return false
    }
}
