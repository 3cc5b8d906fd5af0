import Foundation

/// Splits names and queries into search words: case- and accent-folded runs of letters and digits.
///
/// `"Résumé (final) 2024.PDF"` → `["resume", "final", "2024", "pdf"]`. CJK runs stay whole words.
public enum NameTokenizer {
    /// The distinct words of `text`, in order of first appearance.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var seen = Set<String>()
        func emit(_ word: String) {
            guard !word.isEmpty else { return }
            // Names have a handful of words: a look along them is cheaper than hashing each one.
            if words.count < 16 {
                if !words.contains(word) { words.append(word) }
            } else if seen.isEmpty {
                seen = Set(words)
                if seen.insert(word).inserted { words.append(word) }
            } else if seen.insert(word).inserted {
                words.append(word)
            }
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var current: [UInt8] = []
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    current.append(byte | 0x20)
                default:
                    emit(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
            emit(String(decoding: current, as: UTF8.self))
        } else {
            let folded = folded(text)
            // Scalar by scalar, not by Character: a mark after a space or a control is its own character
            // in one text and part of the space's in another, which would make the words depend on what
            // surrounds them. Marks folding left (accents on nothing) are dropped; they never split words.
            var current = String.UnicodeScalarView()
            for scalar in folded.unicodeScalars {
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark:
                    continue
                default:
                    if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                        current.append(scalar)
                    } else {
                        emit(String(current))
                        current = String.UnicodeScalarView()
                    }
                }
            }
            emit(String(current))
        }
        return words
    }

    /// `text` with case, accents and width folded (`Résumé` → `resume`, `ＡＢ` → `ab`): how names are
    /// compared by searches and by the UI's filter.
    public static func folded(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// The lower-cased extension of a file name (`"a.Tar.GZ"` → `"gz"`), or nil when it has none.
    public static func fileExtension(_ path: String) -> String? {
        let name = SharePath.fileName(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        guard !ext.isEmpty, ext.count <= 16 else { return nil }
        return ext.lowercased()
    }
}
