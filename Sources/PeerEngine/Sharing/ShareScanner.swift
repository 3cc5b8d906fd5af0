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

    /// The shared folder, or a folder or file in it, could not be read for a reason other than its absence
    /// (too many open files, an I/O error, a permission): the scan is not to be trusted, and the caller
    /// keeps the last good share rather than withdraw files that are still there.
    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public let cause: String
        public var description: String { "cannot read \(path): \(cause)" }
    }

    /// Scans; `progress` is told (hashed so far, to hash in all) as hashing goes. When `shouldStop` says
    /// true (the engine is stopping), hashing ends early and the files hashed so far are returned.
    /// Throws ``Unreadable`` when part of the folder cannot be read.
    public func scan(progress: (ShareStatus) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws(Unreadable) -> [SharedFile] {
        let candidates = try walk()
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

    func walk() throws(Unreadable) -> [Candidate] {
        guard let realRoot = Self.realPath(root) else {
            guard errno == ENOENT else { throw Unreadable(path: root, cause: String(cString: strerror(errno))) }
            logger.notice("shared folder \(root) does not exist; sharing nothing")
            return []
        }
        var found: [Candidate] = []
        var pending = [""]
        var visited = Set<String>()
        while let relativeDir = pending.popLast() {
            let dir = relativeDir.isEmpty ? realRoot : realRoot + "/" + relativeDir
            // Folders are known by their real path, so a symlink back up the tree is walked only once.
            guard let realDir = Self.realPath(dir), visited.insert(realDir).inserted else { continue }
            // A folder that vanished meanwhile is simply gone; one that cannot be read makes the scan fail.
            guard let names = try Self.names(in: dir) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let relative = relativeDir.isEmpty ? name : relativeDir + "/" + name
                // Compared as bytes: as characters, "/" and a name's leading combining mark are one, and a
                // name such as "\u{301}x" seemed to lead outside the folder.
                guard let real = Self.realPath(dir + "/" + name),
                      real == realRoot || real.utf8.starts(with: (realRoot + "/").utf8) else {
                    logger.debug("skipping \(relative): it leads outside the shared folder")
                    continue
                }
                var info = stat()
                guard stat(real, &info) == 0 else {
                    if errno == ENOENT { continue }
                    throw Unreadable(path: real, cause: String(cString: strerror(errno)))
                }
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

    /// The entries of a folder; nil if it no longer exists.
    static func names(in folder: String) throws(Unreadable) -> [String]? {
        guard let stream = opendir(folder) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Unreadable(path: folder, cause: String(cString: strerror(errno)))
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
