import Foundation

/// The demo's bots and the files they share, generated on the fly: the same name always gives the same
/// bytes (so a demo download interrupted in one run resumes in the next), without shipping any data.
public enum DemoSamples {
    /// The bots' nicknames, in order.
    public static let bots = ["ada", "basho", "cleo"]

    private static let kilobyte = 1_000, megabyte = 1_000_000

    /// A few KB to a few hundred MB; accents and CJK in names; some files held by two or three bots; one
    /// classic RFC text file (classic P2P-CI/1.0 peers see it as RFC 7734).
    public static let all: [DemoSample] = [
        DemoSample("rfc7734.txt", size: 38 * kilobyte, .text, sharers: [0]),
        DemoSample("READ ME first.txt", size: 3 * kilobyte, .text, sharers: [1]),
        DemoSample("Señor Ñandú's field notes.md", size: 14 * kilobyte, .text, sharers: [0, 2]),
        DemoSample("Café Tacuba – Eres (live).flac", size: 27 * megabyte, .binary, sharers: [1]),
        DemoSample("Ça va — les élèves de l'été.pdf", size: 2_400 * kilobyte, .binary, sharers: [2]),
        DemoSample("東京の夜景.jpg", size: 3_600 * kilobyte, .binary, sharers: [2]),
        DemoSample("北京 地铁 map.png", size: 900 * kilobyte, .binary, sharers: [0]),
        DemoSample("Ünïcode 映画 trailer.mkv", size: 96 * megabyte, .binary, sharers: [0, 1]),
        DemoSample("podcast episode 42.mp3", size: 48 * megabyte, .binary, sharers: [2]),
        DemoSample("shoal-source.tar.gz", size: 8 * megabyte, .binary, sharers: [1, 2]),
        DemoSample("debian-demo-13.iso", size: 300 * megabyte, .binary, sharers: [0, 1, 2]),
    ]

    /// The samples bot number `bot` shares.
    public static func shared(by bot: Int) -> [DemoSample] {
        all.filter { $0.sharers.contains(bot) }
    }

    /// Writes `sample` at `path`, in 1 MiB pieces.
    public static func write(_ sample: DemoSample, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var generator = DemoContentGenerator(sample: sample)
        while let piece = generator.next() { try handle.write(contentsOf: piece) }
    }

    /// The whole content of `sample` in memory (tests compare downloads with it; keep to small samples).
    public static func bytes(of sample: DemoSample) -> Data {
        var data = Data(capacity: sample.size)
        var generator = DemoContentGenerator(sample: sample)
        while let piece = generator.next() { data.append(contentsOf: piece) }
        return data
    }
}
