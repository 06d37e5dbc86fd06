internal import CVectorscan
import Glibc

/// The daemon's child compiler writes the finished database straight into a file the
/// daemon then maps (``DatabaseMapping``), instead of sending the serialised bytes for the
/// daemon to deserialise: holding those ~30 MB and writing the ~30 MB mapping at once made
/// the daemon's start and every reload peak at ~90 MB (docs/PERFORMANCE.md). The image is
/// what `hs_deserialize_database_at` makes of the serialised bytes, checksum checked, in
/// the child; the daemon checks its header and size before use.
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

    /// The image the child wrote, mapped, if it is one `length`-byte Vectorscan database;
    /// nil otherwise. The file is unlinked either way; its descriptor is kept for ``settle()``.
    static func adopt(_ file: ImageFile, length: Int) -> DatabaseMapping? {
        unlink(file.path)
        var st = stat()
        guard length > 0, fstat(file.fd, &st) == 0, Int(st.st_size) == length else {
            close(file.fd)
            return nil
        }
        let base = mmap(nil, length, PROT_READ, MAP_SHARED, file.fd, 0)
        guard let base, base != MAP_FAILED else {
            close(file.fd)
            return nil
        }
        // The child wrote and synced the file: its cached pages are dropped before anything
        // reads the image, or each first read would map the cached pages around it too.
        _ = posix_fadvise(file.fd, 0, 0, POSIX_FADV_DONTNEED)
        _ = madvise(base, length, MADV_RANDOM)
        let mapping = DatabaseMapping(base: base, length: length, fd: file.fd)
        var size = 0
        guard hs_database_size(mapping.database, &size) == HS_SUCCESS, size == length else {
            mapping.unmap()
            return nil
        }
        return mapping
    }

    /// The child's side: `serialised` deserialised into the file at `path` (created by the
    /// daemon, so opened, never created, here). Returns the image's length, or nil.
    static func writeImage(_ serialised: [UInt8], toPath path: String) -> Int? {
        var size = 0
        let sized = serialised.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { hs_serialized_database_size($0.baseAddress, $0.count, &size) }
        }
        guard sized == HS_SUCCESS, size > 0 else { return nil }
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard ftruncate(fd, off_t(size)) == 0 else { return nil }
        let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let base, base != MAP_FAILED else { return nil }
        defer { munmap(base, size) }
        let code = serialised.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                hs_deserialize_database_at($0.baseAddress, $0.count, OpaquePointer(base))
            }
        }
        guard code == HS_SUCCESS, msync(base, size, MS_SYNC) == 0 else { return nil }
        return size
    }
}
