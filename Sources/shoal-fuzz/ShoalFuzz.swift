import Foundation
import FuzzTargets

// Two ways to run (Fuzz/README.md):
//
// - Fuzzing, under libFuzzer: built with `-sanitize=fuzzer -parse-as-library -DFUZZING`, this file only
//   hands the command line to libFuzzer's driver; $SHOAL_FUZZ picks the target.
// - Replay, in a normal build: `shoal-fuzz requests|chunks FILE...` runs files through the same checks.

#if FUZZING
import CLibFuzzer

/// The target, chosen once by $SHOAL_FUZZ (requests or chunks).
let fuzzTarget = FuzzTargets.Target(rawValue: ProcessInfo.processInfo.environment["SHOAL_FUZZ"] ?? "requests") ?? .requests

/// One input from libFuzzer.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// The program's entry point in a fuzzing build (SwiftPM names an executable's main `<module>_main`):
/// hands the command line to libFuzzer.
@_cdecl("shoal_fuzz_main")
func fuzzingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzzOne(data, size) }
}
#else
/// Replays files through the fuzz checks.
@main
enum ShoalFuzz {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.Target(rawValue: name) else {
            print("usage: shoal-fuzz requests|chunks FILE...   (replays inputs through the fuzz checks; see Fuzz/README.md)")
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("shoal-fuzz: cannot read \(path)")
                exit(1)
            }
            FuzzTargets.run(target, Array(data))
        }
        print("shoal-fuzz: \(arguments.count - 1) inputs passed the \(name) checks")
    }
}
#endif
