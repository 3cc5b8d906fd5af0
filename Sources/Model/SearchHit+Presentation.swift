extension FileKey {
    /// The name a single download of this key is saved under: classic RFC items as `rfcN.txt`, files as their
    /// own name (the last component of a path in a share).
    public func savedName(_ name: String) -> String {
        if case .rfc(let number) = self { return "rfc\(number).txt" }
        return SharePath.fileName(name)
    }
}

extension SearchHit {
    /// The type column of result lists: `rfc` for classic items, else the file extension (or `-`).
    public var typeLabel: String {
        if case .rfc = key { return "rfc" }
        return NameTokenizer.fileExtension(name) ?? "-"
    }
}
