import Foundation
import Logging
import Model
import Wire

/// Walks the shared folder and hashes what is new or changed, reusing the hash cache for the rest.
///
/// Shares regular files anywhere below the folder; skips hidden files and folders (names starting with
/// `.`), names the protocol cannot carry, and symlinks that lead outside the folder. Blocking: run it on
/// the engine's I/O pool.
public struct ShareScanner: Sendable {
    public let root: String
    let store: StateStore
    let logger: Logger

    public init(root: String, store: StateStore, logger: Logger) {
        self.root = root
        self.store = store
        self.logger = logger
    }

    /// New digests written to the hash cache in one transaction.
    static let saveBatch = 256

    /// A file found by the walk, before hashing.
    struct Candidate: Sendable {
        let path: String
        let relativePath: String
        let size: UInt64
        let mtimeNanoseconds: Int64
    }

    /// Scans; `progress` is told (hashed so far, to hash in all) as hashing goes. When `shouldStop` says
    /// true (the engine is stopping), hashing ends early and the files hashed so far are returned.
    public func scan(progress: (ShareStatus) -> Void = { _ in }, shouldStop: () -> Bool = { false }) -> [SharedFile] {
        let candidates = walk()
        let cache = (try? store.cachedDigests()) ?? [:]
        var files: [SharedFile] = []
        var toHash: [Candidate] = []
        for candidate in candidates {
            if let cached = cache[candidate.path], cached.size == candidate.size, cached.mtimeNanoseconds == candidate.mtimeNanoseconds {
                files.append(Self.shared(candidate, cached.digest))
            } else {
                toHash.append(candidate)
            }
        }
        let bytes = candidates.reduce(UInt64(0)) { $0 + $1.size }
        progress(ShareStatus(files: candidates.count, bytes: bytes, hashed: files.count, pending: toHash.count))
        // New digests are stored in batches: one transaction per file would cost more than hashing a small file.
        var unsaved: [(path: String, CachedDigest)] = []
        func save() {
            try? store.storeDigests(unsaved)
            unsaved.removeAll()
        }
        var done = 0
        scanning: while done < toHash.count, !shouldStop() {
            let group = Self.hashingGroup(toHash[done...])
            for (candidate, result) in zip(group, Self.digests(of: group, shouldStop: shouldStop)) {
                switch result {
                case .success(let digest):
                    unsaved.append((candidate.path, CachedDigest(size: candidate.size, mtimeNanoseconds: candidate.mtimeNanoseconds, digest: digest)))
                    if unsaved.count >= Self.saveBatch { save() }
                    files.append(Self.shared(candidate, digest))
                case .failure(FileHasher.Failure.stopped):
                    break scanning
                case .failure(let error):
                    logger.warning("not sharing \(candidate.relativePath): \(error)")
                }
                done += 1
                progress(ShareStatus(files: candidates.count, bytes: bytes, hashed: files.count, pending: toHash.count - done))
            }
        }
        save()
        if !shouldStop() { try? store.pruneDigests(keeping: Set(candidates.map(\.path))) }
        return files.sorted { $0.relativePath < $1.relativePath }
    }

    private static func shared(_ candidate: Candidate, _ digest: FileDigest) -> SharedFile {
        SharedFile(path: candidate.path, relativePath: candidate.relativePath,
                   name: (candidate.relativePath as NSString).lastPathComponent, size: candidate.size,
                   mtimeNanoseconds: candidate.mtimeNanoseconds, digest: digest)
    }

    func walk() -> [Candidate] {
        let fm = FileManager.default
        guard let realRoot = Self.realPath(root) else {
            logger.notice("shared folder \(root) does not exist; sharing nothing")
            return []
        }
        var found: [Candidate] = []
        var pending = [""]
        var visited = Set<String>()
        while let relativeDir = pending.popLast() {
            let dir = relativeDir.isEmpty ? realRoot : realRoot + "/" + relativeDir
            // Folders are known by their real path, so a symlink back up the tree is walked only once.
            guard let realDir = Self.realPath(dir), visited.insert(realDir).inserted,
                  let names = try? fm.contentsOfDirectory(atPath: dir) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let relative = relativeDir.isEmpty ? name : relativeDir + "/" + name
                guard let real = Self.realPath(dir + "/" + name),
                      real == realRoot || real.hasPrefix(realRoot + "/") else {
                    logger.debug("skipping \(relative): it leads outside the shared folder")
                    continue
                }
                var info = stat()
                guard stat(real, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(relative)
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    guard TextRules.isValidFileName(name) else {
                        logger.warning("not sharing \(relative): its name cannot be sent (control characters or too long)")
                        continue
                    }
                    let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
                    found.append(Candidate(path: real, relativePath: relative, size: UInt64(info.st_size),
                                           mtimeNanoseconds: mtime))
                }
            }
        }
        return found
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
