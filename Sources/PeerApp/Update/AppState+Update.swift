import Model
import TerminalUI

extension AppState {
    /// Applies one message and returns what the runtime should do. Pure: no I/O, no clock.
    public mutating func update(_ message: AppMessage) -> [AppEffect] {
        switch message {
        case .key(let key):
            return handle(key)
        case .resize(let width, let height):
            self.width = max(1, width)
            self.height = max(1, height)
            return []
        case .engine(let event):
            apply(event)
            return []
        case .searchResults(let id, let title, let hits, let nextCursor, let append):
            guard id == searchID else { return [] }  // an older search answered late: a newer one is under way
            results = append ? results + hits : hits
            resultsTitle = title
            listingCursor = nextCursor
            searching = false
            resultsList.setCount(results.count)
            if !append { resultsList.home() }
            if results.isEmpty { notice = ("nothing found for \(title)", .info) }
            return []
        case .sources(let hit, let sources, let thenBrowse):
            if sources.isEmpty {
                notice = ("nobody has \(hit.name) now", .warning)
                return []
            }
            if thenBrowse, sources.count == 1 { return [.browse(sources[0].peer)] }
            overlay = .sources(hit: hit, sources: sources, list: ListState(count: sources.count, visible: 8))
            return []
        case .browsed(let peer, let entries):
            overlay = .browse(peer: peer, entries: entries, list: ListState(count: entries.count, visible: 10))
            if entries.isEmpty { notice = ("\(peer) shares nothing now", .info) }
            return []
        case .failed(let text):
            searching = false
            notice = (text, .error)
            return []
        case .themeApplied(let name):
            themeName = name
            notice = ("theme \(name)", .info)
            return []
        }
    }

    mutating func apply(_ event: EngineEvent) {
        switch event {
        case .index(let state):
            index = state
        case .share(let status):
            shareStatus = status
        case .sharedFiles(let entries):
            shared = entries
            sharedList.setCount(entries.count)
        case .transfer(let snapshot):
            if let index = transfers.firstIndex(where: { $0.id == snapshot.id }) {
                transfers[index] = snapshot
            } else {
                transfers.append(snapshot)
                transfersList.setCount(transfers.count)
            }
        case .transferRemoved(let id):
            transfers.removeAll { $0.id == id }
            transfersList.setCount(transfers.count)
        case .problem(let text):
            notice = (text, .error)
        }
    }
}
