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
/// on a boundary takes the tail path out of play (no miss in 4,800 placements of such texts
/// that miss at other ends), and the bytes Vectorscan may read around it are zeros, so what
/// it reports depends on the bytes given alone, never on addresses or leftovers.
final class ScanStaging {
    static let alignment = 64
    /// Bytes that can be appended between two ``placed()`` calls.
    let capacity: Int
    private let base: UnsafeMutableRawPointer
    private let size: Int
    /// Bytes appended since the last ``placed()``; they sit from offset ``alignment``.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 0)
        size = Self.roundUp(self.capacity) + 2 * Self.alignment
        base = .allocate(byteCount: size, alignment: Self.alignment)
        // The zeros after the bytes and between the guard and them are written by `placed()`.
        base.initializeMemory(as: UInt8.self, repeating: 0, count: Self.alignment)
    }

    deinit { base.deallocate() }

    static func roundUp(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }

    /// Appends `bytes` (at most `capacity - count` of them: the caller flushes first).
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let n = min(bytes.count, capacity - count)
        (base + Self.alignment + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    /// The bytes appended, moved to end on a 64-byte boundary with zeros on either side
    /// (at least 64 bytes each), and the staging emptied. Valid until the next `append`.
    func placed() -> UnsafeBufferPointer<UInt8> {
        let n = count
        count = 0
        let end = Self.alignment + Self.roundUp(n)
        let start = end - n
        if start != Self.alignment {
            (base + start).copyMemory(from: base + Self.alignment, byteCount: n)
            (base + Self.alignment).initializeMemory(as: UInt8.self, repeating: 0, count: start - Self.alignment)
        }
        (base + end).initializeMemory(as: UInt8.self, repeating: 0, count: min(Self.alignment, size - end))
        return UnsafeBufferPointer(start: (base + start).assumingMemoryBound(to: UInt8.self), count: n)
    }

    /// `bytes` placed as ``placed()`` places them, in a staging of their own, for `body`.
    static func withPlaced<R>(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let staging = ScanStaging(capacity: bytes.count)
        staging.append(bytes)
        return body(staging.placed())
    }
}
