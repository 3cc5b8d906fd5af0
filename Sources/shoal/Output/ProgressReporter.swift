import Foundation
import Model

/// Download progress on stderr: one live line on a terminal, a plain line every two seconds otherwise.
struct ProgressReporter {
    let terminal: Bool
    private var lastPlain = Date.distantPast
    private var lastState: TransferState?
    private var lastSources = 0
    private var drewLine = false

    init(terminal: Bool) { self.terminal = terminal }

    mutating func show(_ snapshot: TransferSnapshot) {
        let line = Self.describe(snapshot)
        if terminal {
            printRaw("\r\u{1B}[K" + line)
            drewLine = true
        } else if snapshot.state != lastState || snapshot.activeSources != lastSources || Date().timeIntervalSince(lastPlain) >= 2 {
            printError(line)
            lastPlain = Date()
        }
        lastState = snapshot.state
        lastSources = snapshot.activeSources
    }

    mutating func finish() {
        if terminal, drewLine { printRaw("\n") }
        drewLine = false
    }

    static func describe(_ s: TransferSnapshot) -> String {
        let percent = s.fraction.map { String(format: "%3.0f%%", $0 * 100) } ?? "  ?%"
        let width = 24
        let filled = Int((s.fraction ?? 0) * Double(width))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        let speed = ByteCount.format(UInt64(s.bytesPerSecond)) + "/s"
        // Sources only count while downloading; until one has joined, say so rather than "0 sources".
        var sources = ""
        if s.state == .downloading {
            sources = s.activeSources == 0 ? "finding sources  " : "\(s.activeSources) source\(s.activeSources == 1 ? "" : "s")  "
        }
        return "\(TerminalText.safe(s.name))  \(percent) \(bar) \(speed)  ETA \(ByteCount.duration(s.secondsRemaining))  "
            + "\(sources)\(s.state.rawValue)"
    }

    private func printRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
