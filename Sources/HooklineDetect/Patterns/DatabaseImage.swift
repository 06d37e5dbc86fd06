internal import CVectorscan
import Glibc

/// The daemon's child compiler writes the finished database straight into a file the
/// daemon then maps (``DatabaseMapping``), instead of sending the serialised bytes for the
/// daemon to deserialise: holding those ~30 MB and writing the ~30 MB mapping at once made
/// the daemon's start and every reload peak at ~90 MB (docs/PERFORMANCE.md). The image is
/// what `hs_deserialize_database_at` makes of the serialised bytes, checksum checked, in
/// the child; the daemon checks its header and size before use. The start finders
/// (``StartFinder``) follow the main database in the same file, each aligned.
struct ImageFile {
    let fd: Int32
    let path: String
}

extension DatabaseMapping {
    /// A file for the child to write the image into, named so it can open it; nil when no
    /// directory on a real file system takes one (then the child answers with bytes).
    static func imageFile() -> ImageFile? {
        for directory in directories {
            if let file = createFile(in: directory) { return file }
        }
        return nil
    }

    /// Removes a file no child image was taken from.
    static func discard(_ file: ImageFile) {
        unlink(file.path)
        close(file.fd)
    }

    /// The image the child wrote, mapped, if it holds the Vectorscan databases `parts` says
    /// (offset, length; the first at 0); nil otherwise. The file is unlinked either way; its
    /// descriptor is kept for ``settle()``. The child is our own executable, but its answer
    /// is still checked (``map(image:parts:keepCachedPages:)``).
    static func adopt(_ file: ImageFile, parts: [ImagePart]) -> DatabaseMapping? {
        unlink(file.path)
        return map(image: file.fd, parts: parts, keepCachedPages: false)
    }

    /// The image in the open file `fd`, mapped read-only, if it holds the databases `parts`
    /// says: every part in the file, aligned and apart, and the size Vectorscan gives for the
    /// main database there (for a finder's, ``StartFinder`` checks it). `fd` is closed on
    /// failure. A child's image (`keepCachedPages` false) has its file's cached pages dropped
    /// before anything reads it, or each first read would map the cached pages around it
    /// too; `fd` is kept for ``settle()``. A pattern cache's image (true) is read again by
    /// the next `scan`, so its pages stay cached and `fd` is closed at once.
    static func map(image fd: Int32, parts: [ImagePart], keepCachedPages: Bool) -> DatabaseMapping? {
        var st = stat()
        let length = parts.last.map { $0.offset + $0.length } ?? 0
        var previousEnd = 0
        for part in parts {
            guard part.offset >= previousEnd, part.offset % partAlignment == 0, part.length > 0 else {
                close(fd)
                return nil
            }
            previousEnd = part.offset + part.length
        }
        guard parts.first?.offset == 0, length > 0, fstat(fd, &st) == 0, Int(st.st_size) >= length,
            Int(st.st_size) - length < partAlignment
        else {
            close(fd)
            return nil
        }
        let size = Int(st.st_size)
        let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0)
        guard let base, base != MAP_FAILED else {
            close(fd)
            return nil
        }
        if !keepCachedPages { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) }
        _ = madvise(base, size, MADV_RANDOM)
        if keepCachedPages { close(fd) }
        let mapping = DatabaseMapping(base: base, length: size, fd: keepCachedPages ? -1 : fd)
        // The main database is checked now; each finder when it first runs
        // (``StartFinder``): reading 1,200 finders' headers here would bring a page of each
        // into memory at every start and reload, for finders most messages never run.
        guard let main = parts.first, mapping.holds(OpaquePointer(base), length: main.length) else {
            mapping.unmap()
            return nil
        }
        return mapping
    }

    /// Whether the database at `database` (in this mapping) is one Vectorscan says is
    /// `length` bytes long.
    func holds(_ database: OpaquePointer, length: Int) -> Bool {
        var found = 0
        return hs_database_size(database, &found) == HS_SUCCESS && found == length
    }

    /// The child's side: the serialised databases `parts` deserialised into the file at
    /// `path` (created by the daemon, so opened, never created, here), laid out by
    /// ``layout(_:)``. Returns where each went, or nil.
    static func writeImage(_ parts: [[UInt8]], toPath path: String) -> [(offset: Int, length: Int)]? {
        guard !parts.isEmpty, let sizes = deserialisedSizes(parts), let (offsets, total) = layout(sizes) else { return nil }
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard ftruncate(fd, off_t(total)) == 0 else { return nil }
        let base = mmap(nil, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let base, base != MAP_FAILED else { return nil }
        defer { munmap(base, total) }
        for (k, bytes) in parts.enumerated() {
            let code = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    hs_deserialize_database_at($0.baseAddress, $0.count, OpaquePointer(base + offsets[k]))
                }
            }
            guard code == HS_SUCCESS else { return nil }
        }
        guard msync(base, total, MS_SYNC) == 0 else { return nil }
        return zip(offsets, sizes).map { (offset: $0, length: $1) }
    }
}

/// One database in an image file: the stream or block database (id unused), or the start
/// finder of pattern `id`, with that pattern's longest match in bytes (`UInt32.max`: unbounded).
struct ImagePart: Equatable {
    var id: UInt32
    var offset: Int
    var length: Int
    var width: UInt32 = .max
}
