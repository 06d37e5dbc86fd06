/// Where bytes wait before they are handed to Vectorscan: placed so that they end on a
/// 64-byte boundary, between zeroed bytes.
///
/// With libvectorscan 5.4.9 on a CPU with AVX-512, whether a match near the end of a buffer
/// is reported depends on where the buffer ends in memory: the accelerators' last partial
/// 64-byte block is mishandled (upstream fixed such tail bugs in 2026, after that release).
/// "…on hold pending verification." as a start finder's window missed its match whenever the
/// buffer's end fell 21 to 43 bytes past a 64-byte boundary. Buffers in the heap are wherever
/// the allocator put them, and Swift's per-process hash seed moves that from run to run, so
/// `scan` quoted a different start for the same message one run in four. Ending every buffer
/// on a boundary takes the tail path out of play (no miss in 16,400 end-aligned scans of texts
/// that miss at other ends), and the bytes Vectorscan may read around it are zeros, so what
/// it reports depends on the bytes given alone, never on addresses or leftovers.
enum ScanStaging {
    static let alignment = 64

    static func roundUp(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    /// A staging buffer for up to `capacity` bytes, written from ``start(_:)``; free it with
    /// `deallocate()`. Only the leading guard is zeroed here: ``place(_:count:)`` writes every
    /// other zero Vectorscan may read.
    static func allocate(capacity: Int) -> UnsafeMutableRawPointer {
        let base = UnsafeMutableRawPointer.allocate(
            byteCount: roundUp(max(capacity, 0)) + 2 * alignment, alignment: alignment)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: alignment)
        return base
    }

    /// Where the bytes to place are written (after the guard).
    static func start(_ base: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt8> {
        (base + alignment).assumingMemoryBound(to: UInt8.self)
    }

    /// The `count` bytes written from ``start(_:)``, moved to end on a 64-byte boundary with
    /// zeros on either side (at least 64 bytes each). Valid until the buffer is written again.
    static func place(_ base: UnsafeMutableRawPointer, count n: Int) -> UnsafeBufferPointer<UInt8> {
        let end = alignment + roundUp(n)
        let from = end - n
        if from != alignment {
            (base + from).copyMemory(from: base + alignment, byteCount: n)
            (base + alignment).initializeMemory(as: UInt8.self, repeating: 0, count: from - alignment)
        }
        (base + end).initializeMemory(as: UInt8.self, repeating: 0, count: alignment)
        return UnsafeBufferPointer(start: (base + from).assumingMemoryBound(to: UInt8.self), count: n)
    }

    /// Where `count` bytes are to be written so that they lie as ``place(_:count:)`` would
    /// leave them (ending on a boundary, zeros on either side), without the move: for bytes
    /// copied from elsewhere (a start finder's window from the ring) straight into place.
    static func slot(_ base: UnsafeMutableRawPointer, count n: Int) -> UnsafeMutableBufferPointer<UInt8> {
        let end = alignment + roundUp(n)
        let from = end - n
        (base + alignment).initializeMemory(as: UInt8.self, repeating: 0, count: from - alignment)
        (base + end).initializeMemory(as: UInt8.self, repeating: 0, count: alignment)
        return UnsafeMutableBufferPointer(start: (base + from).assumingMemoryBound(to: UInt8.self), count: n)
    }

    /// `bytes` placed as ``place(_:count:)`` places them, in a staging of their own, for `body`.
    static func withPlaced<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let base = allocate(capacity: bytes.count)
        defer { base.deallocate() }
        if let source = bytes.baseAddress { start(base).update(from: source, count: bytes.count) }
        return body(place(base, count: bytes.count))
    }
}
