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

    /// The Vectorscan image an entry names (``storeImage``), beside it.
    static func imagePath(_ entry: String) -> String {
        (entry.hasSuffix(".hsdb") ? String(entry.dropLast(5)) : entry) + ".hsimg"
    }

    /// The databases of an earlier compile of `request`, mapped from the entry's image, and
    /// the parts and start-of-match exceptions its answer gives; nil if there is none, it is
    /// not this user's alone, or it does not hold what the answer says.
    static func loadImage(
        _ directory: String, request: [UInt8]
    ) -> (mapping: DatabaseMapping, parts: [ImagePart], withoutStart: Set<Int>)? {
        guard let stamp = stamp(), let bytes = load(directory, request: request),
            case .image(let parts, let withoutStart) = PatternWire.answer(bytes)
        else { return nil }
        let image = imagePath(path(directory, request, stamp))
        guard ownedAndPrivate(image) else { return nil }
        let fd = open(image, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0, let mapping = DatabaseMapping.map(image: fd, parts: parts, keepCachedPages: true) else {
            return nil
        }
        return (mapping, parts, withoutStart)
    }

    /// The serialised `databases` (the main one, then the start finders; `ids` gives each
    /// one's pattern id and longest match) written as the image a child writes for the
    /// daemon (``DatabaseMapping/writeImage(_:toPath:)``), then the entry naming its parts.
    ///
    /// A `scan` that read serialised bytes deserialised ~35 MB into a fresh mapping at every
    /// start: 23,500 page faults and 0.07 s of the 0.11 s of CPU a start cost. The image is
    /// mapped as it lies, and only the pages a scan reads are ever touched, from the page
    /// cache. Image first, entry second: an entry is only ever found with its image.
    static func storeImage(
        _ directory: String, request: [UInt8], databases: [[UInt8]], ids: [(id: UInt32, width: UInt32)],
        withoutStart: Set<Int>
    ) {
        guard databases.count == ids.count, let stamp = stamp() else { return }
        mkdir(directory, 0o700)
        guard ownedAndPrivate(directory) else { return }
        let image = imagePath(path(directory, request, stamp))
        let temporary = image + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        close(fd)
        guard let placed = DatabaseMapping.writeImage(databases, toPath: temporary), rename(temporary, image) == 0 else {
            unlink(temporary)
            return
        }
        let parts = zip(ids, placed).map { ImagePart(id: $0.id, offset: $1.offset, length: $1.length, width: $0.width) }
        store(directory, request: request, answer: PatternWire.answer(.image(parts: parts, withoutStart: withoutStart)))
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
        for old in files.sorted(by: { $0.mtime > $1.mtime }).dropFirst(kept - 1) {
            unlink(old.path)
            unlink(imagePath(old.path))
        }
        // An image whose entry was never written (a run stopped between the two) or is gone.
        for name in names where name.hasPrefix("patterns-") && name.hasSuffix(".hsimg") {
            let image = directory + "/" + name
            let entry = String(image.dropLast(6)) + ".hsdb"
            if image != imagePath(current) && access(entry, F_OK) != 0 { unlink(image) }
        }
    }

    private static func ownedAndPrivate(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        return st.st_uid == geteuid() && st.st_mode & 0o022 == 0
    }
}
