import Foundation
import Model
import NIOCore
import Testing
import TestSupport
import Wire
@testable import PeerEngine

/// Names that are legal but unusual, and names made to deceive: shared, listed and saved as they should be.
@Suite("Strange and hostile names", .serialized)
struct StrangeNameTests {
    @Test("a file whose name begins with a combining mark is shared, registered with the rest of its batch, and downloaded")
    func leadingCombiningMark() async throws {
        try await TestIndex.with { index in
            let odd = "\u{301}accent first.txt"
            let data = TestPeer.bytes(1000, seed: 21)
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: [odd: data, "plain.txt": [1, 2, 3]])
            try await index.logs.waitFor("both files registered") { $0.contains("registered 2 files") }
            #expect(!seeder.logs.messages().contains { $0.contains("leads outside the shared folder") })
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let hits = try await leecher.engine.index.search(SearchQuery(keywords: ["accent"])).hits
            let hit = try #require(hits.first)
            #expect(hit.name == odd)
            let id = try await leecher.engine.download(hit.key, name: hit.name, size: hit.size, from: nil)
            #expect(try await leecher.waitForTransfer(id).state == .completed)
            #expect(FileManager.default.contents(atPath: leecher.downloads + "/" + odd) == Data(data))
            await leecher.discard()
            await seeder.discard()
        }
    }

    @Test("a name with a right-to-left override is saved with the override neutralised")
    func bidiOverride() async throws {
        try await TestIndex.with { index in
            let deceptive = "invoice\u{202E}fdp.exe"
            let seeder = try await TestPeer.connected(indexPort: index.port, name: "seed", files: [deceptive: [7, 7, 7]])
            try await index.logs.waitFor("registration") { $0.contains("registered 1 file") }
            let leecher = try await TestPeer.connected(indexPort: index.port, name: "leech")
            let hit = try #require(try await leecher.engine.index.search(SearchQuery(keywords: ["invoice"])).hits.first)
            let id = try await leecher.engine.download(hit.key, name: hit.name, size: hit.size, from: nil)
            #expect(try await leecher.waitForTransfer(id).state == .completed)
            let saved = try FileManager.default.contentsOfDirectory(atPath: leecher.downloads).filter { !$0.hasPrefix(".") }
            #expect(saved == ["invoice\u{FFFD}fdp.exe"], "\(saved)")
            await leecher.discard()
            await seeder.discard()
        }
    }

    @Test("two different files with the same 255-byte name are both saved; the second name is shortened to fit its number")
    func longestNameTwice() throws {
        let base = String(repeating: "é", count: 125) + "xyz"  // 253 bytes
        let name = base + ".a"                                    // 255 bytes
        #expect(name.utf8.count == 255)
        let numbered = PartialFile.numbered(base: base, ext: "a", 1)
        #expect(numbered.utf8.count <= 255 && numbered.hasSuffix(" (1).a") && numbered.hasPrefix("éé"))

        let folder = TestPeer.temporaryFolder("longname")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (index, content) in ["first", "second"].enumerated() {
            let partial = PartialFile(downloads: folder, instance: "test", id: Int64(index))
            try partial.create()
            try partial.write(ByteBuffer(string: content), at: 0)
            let path = try partial.publish(folder: folder, name: name, id: nil)
            #expect(FileManager.default.contents(atPath: path) == Data(content.utf8))
            partial.remove()
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names.count == 2 && names.contains(name) && names.allSatisfy { $0.utf8.count <= 255 }, "\(names)")
    }

    @Test("a path from a folder download keeps its folders under downloads/; a path that could leave it, or a folder that is a link, never does")
    func folderPaths() throws {
        let folder = TestPeer.temporaryFolder("paths")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outside = TestPeer.temporaryFolder("outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/linked", withDestinationPath: outside)
        func publish(_ name: String, _ id: Int64) throws -> String {
            let partial = PartialFile(downloads: folder, instance: "test", id: id)
            try partial.create()
            try partial.write(ByteBuffer(string: name), at: 0)
            defer { partial.remove() }
            return try partial.publish(folder: folder, name: name, id: nil)
        }
        #expect(try publish("jazz/live/Take Five.flac", 1) == folder + "/jazz/live/Take Five.flac")
        #expect(try publish("jazz/Blue.flac", 2) == folder + "/jazz/Blue.flac")
        for (id, hostile) in ["../escape.txt", "/etc/passwd", "jazz/../../escape.txt", "a//b.txt", ".hidden/x.txt", "linked/x.txt"].enumerated() {
            let path = try publish(hostile, Int64(10 + id))
            #expect((path as NSString).deletingLastPathComponent == folder, "\(hostile) → \(path)")
            #expect((path as NSString).lastPathComponent.hasPrefix("download-"), "\(hostile) → \(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test("file paths: 1 to 16 valid file names joined by /, at most 1024 bytes")
    func pathRules() {
        for good in ["a.txt", "music/jazz/Take Five.flac", Array(repeating: "d", count: 16).joined(separator: "/")] {
            #expect(TextRules.isValidFilePath(good), "\(good)")
        }
        for bad in ["", "/a", "a/", "a//b", "a/../b", "./a", "a/\u{1B}[2J/b", Array(repeating: "d", count: 17).joined(separator: "/"),
                    Array(repeating: String(repeating: "x", count: 200), count: 6).joined(separator: "/")] {
            #expect(!TextRules.isValidFilePath(bad), "\(bad)")
        }
    }
}
