import Model
import TerminalUI

/// The transfer details overlay: the transfer's line, where the file lands, how it is checked, its chunk
/// map (one cell per chunk or per group of chunks: █ verified, ▒ in flight, · missing), and a table of its
/// sources (for an upload, the peer fetching).
enum DetailsView {
    /// Rows the chunk map may take at most.
    static let chunkRows = 4

    static func render(id: Int64, details: TransferDetails?, list: inout ListState, in area: Rect, on grid: inout CellGrid) -> Rect? {
        let box = area
        grid.fill(box)
        let name = details?.transfer.name ?? "transfer \(id)"
        let inside = Box(title: "Details: \(name)", focused: true).render(in: box, on: &grid)
        guard let details, inside.height > 0 else {
            grid.write("asking the engine…", x: inside.x, y: inside.y, role: .dim, maxWidth: inside.width)
            return nil
        }
        var y = inside.y
        func line(_ text: String, role: StyleRole = .normal) {
            guard y < inside.maxY else { return }
            grid.write(text, x: inside.x, y: y, role: role, maxWidth: inside.width)
            y += 1
        }
        let transfer = details.transfer
        line(summary(transfer))
        if let error = transfer.lastError { line(error, role: transfer.state == .failed ? .statusError : .statusWarning) }
        if let destination = details.destination {
            line(transfer.state == .completed ? "Saved as \(destination)" : "Will be saved as \(destination) once every chunk is verified")
        }
        line("Checked: \(details.verification)", role: .dim)
        if let chunks = details.chunks, chunks.count > 0, inside.height >= 8 {
            let verified = chunks.count(of: .verified), inFlight = chunks.count(of: .inFlight)
            let perCell = max(1, (chunks.count + inside.width * chunkRows - 1) / (inside.width * chunkRows))
            line("Chunks: \(chunks.count) (\(perCell == 1 ? "one per cell" : "\(perCell) per cell")): █ \(verified) verified  ▒ \(inFlight) in flight  · \(chunks.count - verified - inFlight) missing")
            let rows = min(chunkRows, (chunks.count + inside.width - 1) / inside.width)
            let cells = chunks.cells(inside.width * rows)
            for row in 0..<rows where y < inside.maxY {
                for (column, state) in cells.dropFirst(row * inside.width).prefix(inside.width).enumerated() {
                    let (text, role): (String, StyleRole) = switch state {
                    case .verified: ("█", .progressFill)
                    case .inFlight: ("▒", .statusWarning)
                    case .missing: ("·", .progressEmpty)
                    }
                    grid.write(text, x: inside.x + column, y: y, role: role, maxWidth: 1)
                }
                y += 1
            }
        }
        guard y + 1 < inside.maxY else { return nil }
        let upload = transfer.direction == .upload
        line(upload ? "Fetching from you:" : "Sources this run (\(details.sources.count)):", role: .title)
        let rows = details.sources.map { source -> [Table.Value] in
            [.text(source.peer?.description ?? "-"), .text(source.nickname ?? "-"), .text(source.address),
             .text(source.reachable.map { $0 ? "yes" : "NAT" } ?? "-"), .text(source.activity.rawValue),
             .text(source.bytesPerSecond > 0 ? ByteCount.format(UInt64(source.bytesPerSecond)) + "/s" : ""),
             .text(ByteCount.format(source.bytes)), .text(upload ? "" : String(source.chunks)), .text(source.lastError ?? "")]
        }
        let table = Rect(x: inside.x, y: y, width: inside.width, height: inside.maxY - y)
        return Table(columns: [.init("Peer", width: .fixed(8)), .init("Name", width: .fixed(10)), .init("Address", width: .fixed(21)),
                               .init("Reach", width: .fixed(5)), .init("State", width: .fixed(10)),
                               .init("Speed", width: .fixed(11), alignRight: true), .init("Bytes", width: .fixed(9), alignRight: true),
                               .init("Chunks", width: .fixed(6), alignRight: true), .init("Last error", width: .fill(weight: 1, minimum: 0))],
                     rows: rows, focused: true, emptyText: upload ? "" : "no source tried yet this run")
            .render(in: table, on: &grid, state: &list)
    }

    /// `↓ downloading  45%  2.40 GiB of 5.40 GiB  45.8 MiB/s  ETA 1:06  3 sources`
    static func summary(_ transfer: TransferSnapshot) -> String {
        var parts = ["\(transfer.direction == .download ? "↓" : "↑") \(transfer.state.rawValue)"]
        if let fraction = transfer.fraction { parts.append("\(Int((fraction * 100).rounded(.down)))%") }
        parts.append(ByteCount.format(transfer.bytesDone) + (transfer.size.map { " of " + ByteCount.format($0) } ?? ""))
        if transfer.bytesPerSecond > 0 { parts.append(ByteCount.format(UInt64(transfer.bytesPerSecond)) + "/s") }
        if transfer.state == .downloading { parts.append("ETA " + ByteCount.duration(transfer.secondsRemaining)) }
        if transfer.direction == .download, transfer.activeSources > 0 {
            parts.append("\(transfer.activeSources) source\(transfer.activeSources == 1 ? "" : "s") sending")
        }
        return parts.joined(separator: "  ")
    }
}
