import Model

/// Reads a `SEARCH` request's headers: `Query` (required), `Min-Size`, `Max-Size`, `Type`, `Limit`.
struct SearchHeaderParser {
    let limits: RequestLimits

    func query(_ headers: HeaderFields) throws -> SearchQuery {
        let v = ProtocolVersion.shoal
        guard let text = headers["Query"] else { throw RequestError.bad(v, "SEARCH needs a Query header") }
        let keywords = NameTokenizer.words(text)
        guard !keywords.isEmpty else { throw RequestError.bad(v, "Query has no letters or digits to search for") }
        guard keywords.count <= limits.maximumKeywords else {
            throw RequestError.bad(v, "Query has more than \(limits.maximumKeywords) keywords")
        }
        guard keywords.contains(where: { $0.count >= 2 }) else {
            throw RequestError.bad(v, "Query needs at least one keyword of 2 or more characters")
        }
        var query = SearchQuery(keywords: keywords, limit: limits.defaultSearchResults)
        if let min = headers["Min-Size"] {
            guard let value = TextRules.decimal(min) else { throw RequestError.bad(v, "Min-Size must be a byte count") }
            query.minimumSize = value
        }
        if let max = headers["Max-Size"] {
            guard let value = TextRules.decimal(max) else { throw RequestError.bad(v, "Max-Size must be a byte count") }
            query.maximumSize = value
        }
        if let types = headers["Type"] {
            let entries = types.split(separator: ",").map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
            guard entries.count <= limits.maximumTypes else {
                throw RequestError.bad(v, "Type lists more than \(limits.maximumTypes) entries")
            }
            for entry in entries {
                if let category = FileCategory(rawValue: entry) {
                    query.extensions.formUnion(category.extensions)
                } else {
                    let ext = entry.hasPrefix(".") ? String(entry.dropFirst()) : entry
                    guard !ext.isEmpty, ext.count <= 16, ext.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                        throw RequestError.bad(v, "Type entry '\(entry.prefix(20))' is neither an extension nor a category")
                    }
                    query.extensions.insert(ext)
                }
            }
        }
        if let limit = headers["Limit"] {
            guard let value = TextRules.decimal(limit), value > 0 else {
                throw RequestError.bad(v, "Limit must be a positive number")
            }
            query.limit = Int(min(value, UInt64(limits.maximumSearchResults)))
        }
        return query
    }
}
