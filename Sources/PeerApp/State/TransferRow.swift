/// A row of the Transfers table: a transfer, or a folder download gathered in one row (the transfers
/// whose names are paths, by their first folder) that opens to show its files.
public enum TransferRow: Hashable, Sendable {
    /// A folder download: its folder, and its transfers (indices into ``AppState/transfers``), in table order.
    case group(String, members: [Int])
    /// One transfer: its index into ``AppState/transfers`` and its id (which outlives the index when rows
    /// come and go); `inGroup` when shown under its open folder.
    case transfer(Int, id: Int64, inGroup: Bool)
}
