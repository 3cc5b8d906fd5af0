import Foundation
import Testing
@testable import Trust

@Suite("TLS identity files")
struct TLSIdentityTests {
    static func folder() -> String {
        NSTemporaryDirectory() + "shoal-identity-\(UUID().uuidString)/state"
    }

    @Test("made on first start with an owner-only key, and the same identity on the next")
    func madeThenKept() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        let first = try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        let key = try FileManager.default.attributesOfItem(atPath: folder + "/" + TLSIdentity.keyFile)
        #expect((key[.posixPermissions] as? Int) == 0o600, "only its owner may read the key")
        let directory = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        let second = try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        #expect(second.keyprint == first.keyprint, "the keyprint names this side across restarts")
    }

    @Test("a damaged key file is an error naming the file, never a silent new key")
    func damaged() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        _ = try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        try Data("not a key".utf8).write(to: URL(fileURLWithPath: folder + "/" + TLSIdentity.keyFile))
        #expect {
            try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        } throws: { error in
            "\(error)".contains(TLSIdentity.keyFile) && "\(error)".contains("move both files away")
        }
    }

    @Test("a certificate that belongs to another key is refused, naming the certificate file")
    func mismatched() throws {
        let folder = Self.folder(), other = Self.folder()
        defer {
            for path in [folder, other] { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        }
        _ = try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        _ = try TLSIdentity.loadOrCreate(in: other, name: "other")
        let file = "/" + TLSIdentity.certificateFile
        try FileManager.default.removeItem(atPath: folder + file)
        try FileManager.default.copyItem(atPath: other + file, toPath: folder + file)
        #expect {
            try TLSIdentity.loadOrCreate(in: folder, name: "peer")
        } throws: { error in
            "\(error)".contains(TLSIdentity.certificateFile) && "\(error)".contains("does not carry the key")
        }
    }
}
