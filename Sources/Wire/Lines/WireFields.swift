/// Splits protocol lines into fields at the space character itself (U+0020), not at Swift's characters.
///
/// A Swift `Character` is a grapheme cluster: a space followed by a combining mark is one character, so
/// `split(separator: " ")` would not split `HASH SIZE ́name` before a name that begins with a combining
/// mark, and the whole line (and batch) was refused although §3 allows such names.
enum WireFields {
    /// At most `maxSplits` splits, keeping empty fields (as the grammar needs exactly one space between them).
    static func split<S: StringProtocol>(_ line: S, maxSplits: Int) -> [Substring] {
        // By bytes: U+0020 is one byte in UTF-8 and never part of another character's encoding.
        let line = Substring(line)
        let utf8 = line.utf8
        var fields: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex, fields.count < maxSplits {
            if utf8[index] == UInt8(ascii: " ") {
                fields.append(line[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(line[start..<utf8.endIndex])
        return fields
    }

    /// The same from the end: the last `maxSplits` fields, then the rest, last field first.
    static func splitFromEnd<S: StringProtocol>(_ line: S, maxSplits: Int) -> [Substring] {
        let scalars = Substring(line).unicodeScalars
        var fields: [Substring] = []
        var end = scalars.endIndex
        var index = end
        while index > scalars.startIndex, fields.count < maxSplits {
            index = scalars.index(before: index)
            if scalars[index] == " " {
                fields.append(Substring(scalars[scalars.index(after: index)..<end]))
                end = index
            }
        }
        fields.append(Substring(scalars[scalars.startIndex..<end]))
        return fields
    }
}
