import Model

/// What names, nicknames, titles and host tokens may contain. PROTOCOL.md §3.
public enum TextRules {
    /// Longest file name, in UTF-8 bytes.
    public static let maximumFileNameBytes = 255
    /// Longest classic title, in UTF-8 bytes (real RFC titles are under 200).
    public static let maximumTitleBytes = 256
    /// Longest nickname, in characters.

    /// A file name: 1–255 UTF-8 bytes, no control characters, no `/` or `\`, not `.` or `..`.
    public static func isValidFileName<S: StringProtocol>(_ name: S) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumFileNameBytes && name != "." && name != ".."
            && !name.unicodeScalars.contains { isControl($0) || $0 == "/" || $0 == "\\" }
            && !isBlank(name.first) && !isBlank(name.last)
    }

    /// Most components of a file path (folders and the file).
    public static let maximumPathComponents = 16
    /// Longest file path, in UTF-8 bytes.
    public static let maximumFilePathBytes = 1024

    /// A file path inside a share: 1 to 16 components joined by `/`, each a valid file name (so no empty
    /// component, no `.` or `..`, no leading `/`), at most 1024 UTF-8 bytes. A plain file name is one.
    public static func isValidFilePath<S: StringProtocol>(_ path: S) -> Bool {
        guard !path.isEmpty, path.utf8.count <= maximumFilePathBytes else { return false }
        if let verdict = asciiFilePathVerdict(path.utf8) { return verdict }
        let components = SharePath.components(path)
        return components.count <= maximumPathComponents && components.allSatisfy { isValidFileName($0) }
    }

    /// ``isValidFilePath(_:)`` byte by byte, for a path that is all ASCII (nil when it is not): there every
    /// character is one byte, so no character-by-character walk is needed. Registering 100 files checks 100
    /// paths, and this was a sixth of what registering cost the index.
    static func asciiFilePathVerdict(_ path: some Collection<UInt8>) -> Bool? {
        var components = 0, length = 0, dots = 0
        var first: UInt8 = 0, last: UInt8 = 0
        func componentIsValid() -> Bool {
            length > 0 && length <= maximumFileNameBytes && !(dots == length && length <= 2)
                && first != UInt8(ascii: " ") && first != UInt8(ascii: "\t") && last != UInt8(ascii: " ") && last != UInt8(ascii: "\t")
        }
        var verdict = true
        for byte in path {
            guard byte < 0x80 else { return nil }
            if byte == UInt8(ascii: "/") {
                verdict = verdict && componentIsValid()
                components += 1
                (length, dots) = (0, 0)
                continue
            }
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") { verdict = false }
            if length == 0 { first = byte }
            last = byte
            length += 1
            if byte == UInt8(ascii: ".") { dots += 1 }
        }
        return verdict && componentIsValid() && components + 1 <= maximumPathComponents
    }

    /// A space or a tab on its own (not the base of a combining mark): what `trimmingSpaces` removes.
    private static func isBlank(_ character: Character?) -> Bool { character == " " || character == "\t" }

    /// A host token of a classic record: printable, no spaces, at most 255 bytes.
    public static func isValidHostToken<S: StringProtocol>(_ host: S) -> Bool {
        !host.isEmpty && host.utf8.count <= 255
            && !host.unicodeScalars.contains { isControl($0) || $0 == " " || $0 == "\t" }
    }

    /// A classic title or free-text header value: no control characters.
    public static func isValidText<S: StringProtocol>(_ text: S) -> Bool {
        !text.unicodeScalars.contains(where: isControl)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool { TerminalText.isControl(scalar) }

    /// 1 to `limit` characters of standard base64 (`A-Z a-z 0-9 + /`, `=` padding).
    static func isBase64<S: StringProtocol>(_ text: S, upTo limit: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= limit && text.utf8.allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2B || byte == 0x2F || byte == 0x3D
        }
    }

    /// A decimal number of at most `maxDigits` digits, no sign.
    static func decimal<S: StringProtocol>(_ text: S, maxDigits: Int = 19) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= maxDigits, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return UInt64(text)
    }

    /// A TCP port, 1–65535.
    static func port<S: StringProtocol>(_ text: S) -> Int? {
        guard let value = decimal(text, maxDigits: 5), (1...65535).contains(value) else { return nil }
        return Int(value)
    }
}
