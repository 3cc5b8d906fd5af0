import Model
import TerminalUI

extension AppState {
    /// The columns each pane's table can be sorted by (`o` steps through them).
    public static func sortColumns(_ pane: Pane) -> [SortColumn] {
        switch pane {
        case .shared: return [SortColumn("Name"), SortColumn("Size", largestFirst: true)]
        case .search:
            return [SortColumn("Name"), SortColumn("Size", largestFirst: true), SortColumn("Peers", largestFirst: true), SortColumn("Type")]
        case .transfers:
            return [SortColumn("Name"), SortColumn("%", largestFirst: true), SortColumn("Speed", largestFirst: true), SortColumn("State"),
                    SortColumn("Pri")]
        }
    }

    /// The columns a peer's files (the browse overlay) can be sorted by.
    public static let browseSortColumns = [SortColumn("Name"), SortColumn("Size", largestFirst: true)]

    /// The table state of `pane`.
    static func table(_ pane: Pane) -> WritableKeyPath<AppState, TableState> {
        switch pane {
        case .shared: return \.sharedTable
        case .search: return \.resultsTable
        case .transfers: return \.transfersTable
        }
    }

    /// Rebuilds the rows `pane` shows after its source, filter or sort changed.
    mutating func arrange(_ pane: Pane) {
        switch pane {
        case .shared:
            let shared = self.shared
            sharedTable.arrange(count: shared.count, name: { shared[$0].name }) { row, column in
                column == "Size" ? SortValue(shared[row].size) : .text(TableState.fold(shared[row].name))
            }
        case .search:
            let results = self.results
            resultsTable.arrange(count: results.count, name: { results[$0].name }) { row, column in
                let hit = results[row]
                switch column {
                case "Size": return SortValue(hit.size)
                case "Peers": return .number(Double(hit.sources))
                case "Type": return .text(hit.typeLabel)
                default: return .text(TableState.fold(hit.name))
                }
            }
        case .transfers:
            let kept = selectedTransferRow
            let queued = transfers.filter { $0.direction == .download && $0.state == .queued }.sorted { $0.queuePlace < $1.queuePlace }
            queuePositions = Dictionary(uniqueKeysWithValues: queued.enumerated().map { ($1.id, $0 + 1) })
            let transfers = self.transfers
            transfersTable.arrange(count: transfers.count, keepingSelection: false, name: { transfers[$0].name }) { row, column in
                let transfer = transfers[row]
                switch column {
                case "%": return transfer.fraction.map { .number($0) } ?? .missing
                case "Speed": return .number(transfer.bytesPerSecond)
                case "State": return .text(transfer.state.rawValue)
                case "Pri":
                    // Queue order: priority first; finished rows after every unfinished one.
                    guard transfer.direction == .download, !transfer.state.isFinished else { return .missing }
                    return .place(transfer.queuePlace)
                default: return .text(TableState.fold(transfer.name))
                }
            }
            groupTransfers(keeping: kept)
        }
    }

    var selectedResult: SearchHit? { resultsTable.selectedRow.map { results[$0] } }

    /// The transfer under the selection (nil on a folder download's row).
    var selectedTransfer: TransferSnapshot? {
        guard case .transfer(let index, _, _)? = selectedTransferRow else { return nil }
        return transfers[index]
    }

    var selectedTransferRow: TransferRow? {
        transferRows.indices.contains(transfersTable.list.selected) ? transferRows[transfersTable.list.selected] : nil
    }

    /// The folder a download belongs to in the Transfers table: the first folder of its name, if it has one.
    static func group(of transfer: TransferSnapshot) -> String? {
        guard transfer.direction == .download, transfer.name.contains("/") else { return nil }
        return String(SharePath.components(transfer.name)[0])
    }

    /// Gathers the filtered, sorted transfers into rows: each folder download's row where its first
    /// transfer would be, its files under it when open. The selection stays on `kept` (the row selected
    /// before the transfers changed) while it is still shown.
    mutating func groupTransfers(keeping kept: TransferRow?) {
        var members: [String: [Int]] = [:]
        for index in transfersTable.rows { if let group = Self.group(of: transfers[index]) { members[group, default: []].append(index) } }
        var rows: [TransferRow] = [], shown = Set<String>()
        for index in transfersTable.rows {
            guard let group = Self.group(of: transfers[index]) else {
                rows.append(.transfer(index, id: transfers[index].id, inGroup: false))
                continue
            }
            guard shown.insert(group).inserted else { continue }
            rows.append(.group(group, members: members[group] ?? []))
            if openGroups.contains(group) { rows += (members[group] ?? []).map { .transfer($0, id: transfers[$0].id, inGroup: true) } }
        }
        transferRows = rows
        transfersTable.list.setCount(rows.count)
        let same = kept.flatMap { kept in
            rows.firstIndex { row in
                switch (row, kept) {
                case (.group(let a, _), .group(let b, _)): return a == b
                case (.transfer(_, let a, _), .transfer(_, let b, _)): return a == b
                default: return false
                }
            }
        }
        if let same { transfersTable.list.select(same) }
    }

    /// The sort of every table, as remembered in the state folder.
    public var preferences: UIPreferences {
        get {
            UIPreferences(sorts: ["shared": sharedTable.sort, "search": resultsTable.sort, "transfers": transfersTable.sort,
                                  "browse": browseSort])
        }
        set {
            sharedTable.sort = newValue.sorts["shared"] ?? SortChoice()
            resultsTable.sort = newValue.sorts["search"] ?? SortChoice()
            transfersTable.sort = newValue.sorts["transfers"] ?? SortChoice()
            browseSort = newValue.sorts["browse"] ?? SortChoice()
            for pane in Pane.allCases { arrange(pane) }
        }
    }
}

extension SortValue {
    /// A size, or ``missing`` when it is unknown.
    init(_ size: UInt64?) { self = size.map { .number(Double($0)) } ?? .missing }
}

extension TableState {
    /// Rows of a peer's files, filtered and sorted.
    mutating func arrange(_ entries: [SharedFileEntry], keepingSelection: Bool = true) {
        arrange(count: entries.count, keepingSelection: keepingSelection, name: { entries[$0].name }) { row, column in
            column == "Size" ? SortValue(entries[row].size) : .text(TableState.fold(entries[row].name))
        }
    }
}
