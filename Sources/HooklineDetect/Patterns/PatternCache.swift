internal import CVectorscan
import Foundation
import Glibc

/// Serialised databases of earlier compiles, for the offline commands.
///
/// Compiling the shipped rules is ~2.3 s of CPU, as long as `hookline scan` takes over the
/// whole test corpus; the same patterns give the same database, so a second run loads it
/// in milliseconds. A file is used only if it holds the exact request it answers (not
/// just its hash), was written by this user, and neither it nor its directory can be
/// written by anyone else: a planted database would silently turn detection off.
enum PatternCache {
    /// `$HOOKLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/hookline`, else `~/.cache/hookline`;
    /// nil (no cache) when none can be named or `HOOKLINE_CACHE_DIR` is set but empty.
    static func defaultDirectory(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = env["HOOKLINE_CACHE_DIR"] { return dir.isEmpty ? nil : dir }
        if let xdg = env["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/hookline" }
        if let home = env["HOME"], home.hasPrefix("/") { return home + "/.cache/hookline" }
        return nil
    }

    /// What a cached database is only valid for: the library that built it, this CPU, and
    /// this very executable (its inode, size and mtime), since the flags and the
    /// start-of-match fallback are code: another build recompiles once rather than trust
    /// a database compiled by different rules of its own. Nil (no cache) when the
    /// executable cannot be named: the path, not /proc/self/exe itself, whose stat under
    /// valgrind is valgrind's.
    static func stamp() -> [UInt8]? {
        var link = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &link, link.count - 1)
        guard n > 0 else { return nil }
        var st = stat()
        guard stat(String(decoding: link[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self), &st) == 0 else {
            return nil
        }
        var platform = hs_platform_info_t()
        _ = hs_populate_platform(&platform)
        let version = hs_version().map { String(cString: $0) } ?? "?"
        let binary = "\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
        return Array("\(version) \(platform.tune) \(platform.cpu_features) \(binary)\n".utf8)
    }

    static func path(_ directory: String, _ request: [UInt8], _ stamp: [UInt8]) -> String {
        // FNV-1a: only names the file; the file's own copy of the request is what is trusted.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in stamp + request {
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return directory + "/patterns-" + String(h, radix: 16) + ".hsdb"
    }

    /// The head (stamp and request) is read and checked first, then the answer straight
    /// into the array returned: reading the whole file as `Data`, copying it into an array
    /// and slicing the answer out held three copies of a ~35 MB entry at once, 100 MB of
    /// page faults and copying in every `scan` start.
    static func load(_ directory: String, request: [UInt8]) -> [UInt8]? {
        guard let stamp = stamp() else { return nil }
        let file = path(directory, request, stamp)
        guard ownedAndPrivate(directory), ownedAndPrivate(file) else { return nil }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        let head = stamp + request
        guard fstat(fd, &st) == 0, Int(st.st_size) > head.count, readExactly(fd, head.count) == head else { return nil }
        return readExactly(fd, Int(st.st_size) - head.count)
    }

    /// The next `count` bytes of `fd`, or nil if it ends first or a read fails.
    private static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var at = 0
            while at < count {
                let n = read(fd, buffer.baseAddress.map { $0 + at }, count - at)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                at += n
            }
            // Only whole reads are kept: a short file answers nil, and the bytes past `at`
            // were never written.
            initialized = at
            complete = at == count
        }
        return complete ? bytes : nil
    }

    /// Best effort: a cache that cannot be written only costs the next run a compile.
    static func store(_ directory: String, request: [UInt8], answer: [UInt8]) {
        guard let stamp = stamp() else { return }
        let file = path(directory, request, stamp)
        mkdir(directory, 0o700)
        guard ownedAndPrivate(directory) else { return }
        let temporary = file + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let bytes = stamp + request + answer
        let written = bytes.withUnsafeBytes { buffer in
            var at = 0
            while at < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + at }, buffer.count - at)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                at += n
            }
            return true
        }
        close(fd)
        if !written || rename(temporary, file) != 0 { unlink(temporary) }
        prune(directory, keeping: file)
    }

    /// Every rebuilt binary has its own stamp, so a developer's cache would gain an entry
    /// per build, ~35 MB each for the shipped rules (the stream database and its start
    /// finders): only the most recently written few are kept, ~140 MB of disk at most. Disk
    /// only: `scan` reads the one entry it needs and the daemon none (it compiles in a
    /// child into its own image), so fewer would lower no process's memory.
    static let kept = 4

    static func prune(_ directory: String, keeping current: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var files: [(path: String, mtime: Int)] = []
        for name in names where name.hasPrefix("patterns-") && name.hasSuffix(".hsdb") {
            let path = directory + "/" + name
            var st = stat()
            guard path != current, lstat(path, &st) == 0, st.st_uid == geteuid() else { continue }
            files.append((path, st.st_mtim.tv_sec * 1_000_000_000 + st.st_mtim.tv_nsec))
        }
        for old in files.sorted(by: { $0.mtime > $1.mtime }).dropFirst(kept - 1) { unlink(old.path) }
    }

    private static func ownedAndPrivate(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        return st.st_uid == geteuid() && st.st_mode & 0o022 == 0
    }
}
