/// The benchmark's output: one row per measure, Shoal beside its baseline from the same run, the ratio,
/// the target and whether it was met. Printed as a Markdown table, so it can go into BENCHMARKS.md as is.
struct ResultTable {
    struct Row {
        var measure: String
        var shoal: String
        var baseline: String = ""
        var ratio: String = ""
        var target: String = ""
        /// nil: no target; true: met; false: missed.
        var met: Bool? = nil
    }

    private(set) var rows: [Row] = []
    private(set) var notes: [String] = []

    mutating func add(_ row: Row) { rows.append(row) }
    mutating func note(_ text: String) { notes.append(text) }
    mutating func append(_ other: ResultTable) {
        rows += other.rows
        notes += other.notes
    }

    var missed: [Row] { rows.filter { $0.met == false } }

    func render() -> String {
        let header = ["measure", "Shoal", "baseline (same run)", "ratio", "target", "met"]
        let cells = rows.map { row in
            [row.measure, row.shoal, row.baseline, row.ratio, row.target, row.met.map { $0 ? "yes" : "**MISSED**" } ?? ""]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ values: [String]) -> String {
            "| " + values.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        var text = [line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
        text += cells.map(line)
        if !notes.isEmpty { text += [""] + notes.map { "- " + $0 } }
        return text.joined(separator: "\n")
    }
}
