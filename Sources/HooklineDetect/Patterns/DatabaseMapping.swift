private import CSystem
internal import CVectorscan
import Glibc

/// A deserialised Vectorscan database kept in an unlinked file on disk, mapped shared.
///
/// `hs_deserialize_database` copies the database into the heap, where every page stays
/// resident for the life of the process. The shipped rules' stream database is ~30 MB, and
/// the engines read only the parts the text leads them to: scanning the whole corpus touches
/// ~20 MB of it, the bench's mix ~6 MB (docs/PERFORMANCE.md). In a file mapping the rest is
/// clean page cache the kernel can drop and read back, not the daemon's own memory. The
/// database itself is the same bytes either way (`hs_deserialize_database_at`), so the
/// matches are too. A tmpfs directory would only move the pages from the heap into
/// unswappable shared memory, so there the heap copy is kept.
final class DatabaseMapping {
    let base: UnsafeMutableRawPointer
    let length: Int
    /// Open until ``settle()``, which needs it to drop the file's cached pages.
    private var fd: Int32

    init(base: UnsafeMutableRawPointer, length: Int, fd: Int32) {
        self.base = base; self.length = length; self.fd = fd
    }

    /// The first database of the image (the stream or block one); start finders follow it.
    var database: OpaquePointer { OpaquePointer(base) }

    /// Directories tried in order; under systemd's `PrivateTmp=yes` both are private to the unit.
    static let directories = ["/var/tmp", "/tmp"]

    /// Where each of several databases goes in one image: in order, each at a multiple of
    /// ``partAlignment`` (Vectorscan wants a database 8-byte aligned; 64 keeps each finder's
    /// bytecode on its own cache lines). Nil if the sizes do not add up in an `Int`.
    static func layout(_ sizes: [Int]) -> (offsets: [Int], total: Int)? {
        var offsets: [Int] = []
        offsets.reserveCapacity(sizes.count)
        var at = 0
        for size in sizes {
            guard size > 0 else { return nil }
            offsets.append(at)
            let (end, overflow) = at.addingReportingOverflow(size + partAlignment - 1)
            guard !overflow else { return nil }
            at = end / partAlignment * partAlignment
        }
        return (offsets, at)
    }

    static let partAlignment = 64

    /// The size each serialised database takes deserialised, or nil if Vectorscan refuses one.
    static func deserialisedSizes(_ parts: [[UInt8]]) -> [Int]? {
        var sizes: [Int] = []
        sizes.reserveCapacity(parts.count)
        for bytes in parts {
            var size = 0
            let sized = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { hs_serialized_database_size($0.baseAddress, $0.count, &size) }
            }
            guard sized == HS_SUCCESS, size > 0 else { return nil }
            sizes.append(size)
        }
        return sizes
    }

    /// `parts` (serialised databases: the stream or block database first, then the start
    /// finders) deserialised into one fresh mapping, each at its ``layout(_:)`` offset; nil
    /// (the caller keeps heap copies) when no directory on a real file system takes the file
    /// or Vectorscan refuses the bytes. One file and one mapping whatever the number of
    /// databases: a finder that never runs is never read, so it costs no memory.
    static func load(_ parts: [[UInt8]]) -> (mapping: DatabaseMapping, databases: [OpaquePointer])? {
        guard !parts.isEmpty, let sizes = deserialisedSizes(parts), let (offsets, total) = layout(sizes) else { return nil }
        for directory in directories {
            guard let mapping = map(total, in: directory) else { continue }
            var databases: [OpaquePointer] = []
            databases.reserveCapacity(parts.count)
            for (k, bytes) in parts.enumerated() {
                let at = OpaquePointer(mapping.base + offsets[k])
                let code = bytes.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { hs_deserialize_database_at($0.baseAddress, $0.count, at) }
                }
                guard code == HS_SUCCESS else {
                    mapping.unmap()
                    return nil
                }
                databases.append(at)
            }
            return (mapping, databases)
        }
        return nil
    }

    /// A `size`-byte shared mapping of a new file in `directory` that no path names any more.
    private static func map(_ size: Int, in directory: String) -> DatabaseMapping? {
        guard let file = createFile(in: directory) else { return nil }
        unlink(file.path)
        guard ftruncate(file.fd, off_t(size)) == 0 else {
            close(file.fd)
            return nil
        }
        let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, file.fd, 0)
        guard let base, base != MAP_FAILED else {
            close(file.fd)
            return nil
        }
        return DatabaseMapping(base: base, length: size, fd: file.fd)
    }

    /// A new private file (mode 0600) in `directory`, unless the directory is tmpfs or ramfs.
    static func createFile(in directory: String) -> ImageFile? {
        var template = Array((directory + "/hookline-patterns-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard fd >= 0 else { return nil }
        let path = template.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? ""
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var fs = statfs()
        let tmpfs = 0x0102_1994
        let ramfs = 0x8584_58f6
        guard fstatfs(fd, &fs) == 0, Int(fs.f_type) != tmpfs, Int(fs.f_type) != ramfs else {
            unlink(path)
            close(fd)
            return nil
        }
        return ImageFile(fd: fd, path: path)
    }

    /// Called once the prototype scratch exists (`hs_alloc_scratch` reads every page of the
    /// database): the pages leave the process and come back from the file as scans need
    /// them; read-only from here on, as Vectorscan only ever reads a database. The file's
    /// pages are written out and dropped from the page cache, and the mapping marked
    /// random-access: otherwise every fault also maps the cached pages around it (half of
    /// what the mix made resident was such neighbours, measured), and read-ahead would
    /// bring in more than the engines read.
    func settle() {
        _ = msync(base, length, MS_SYNC)
        _ = madvise(base, length, MADV_DONTNEED)
        if fd >= 0 {
            _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
            close(fd)
            fd = -1
        }
        _ = madvise(base, length, MADV_RANDOM)
        _ = mprotect(base, length, PROT_READ)
    }

    func unmap() {
        _ = munmap(base, length)
        if fd >= 0 {
            close(fd)
            fd = -1
        }
    }
}
