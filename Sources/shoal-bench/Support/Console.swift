import Foundation

/// The benchmark's output. Written straight to the file descriptor, so progress lines appear as they happen
/// also when the output is a pipe or a file (print would buffer them).
enum Console {
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
