import HooklineCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Small byte helpers shared by the text layer. Everything here works on borrowed
// buffers so the hot paths never build Strings or allocate per byte.

extension UnsafeRawBufferPointer {
    /// Index of the first `byte` at or after `from`; memchr is far faster than a Swift loop.
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard from < count, let base = baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    @inline(__always)
    func slice(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[from..<to])
    }
}

/// A fixed output block that decoders fill and hand downstream in one call, so a
/// part costs a handful of sink calls instead of one per decoded byte.
///
/// A block of the default size comes from ``pool``: every transfer and charset decoder of
/// every part took a new 8 KB block (past glibc's per-thread cache: a `malloc` and a `free`
/// that merged the chunk back, ~800 instructions a block, ~4 blocks a message). Only the
/// memory is reused; `count` starts at 0 and nothing is read before it is written.
final class OutputBlock {
    let capacity: Int
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    static let pooledCapacity = 8192
    /// Sixteen kept (128 KB at most): a few blocks per message scanned at once.
    static let pool = BlockPool(byteCount: pooledCapacity, maxKept: 16)

    init(capacity: Int = OutputBlock.pooledCapacity) {
        self.capacity = capacity
        base =
            capacity == Self.pooledCapacity
            ? Self.pool.take().bindMemory(to: UInt8.self, capacity: capacity) : .allocate(capacity: capacity)
    }
    deinit {
        if capacity == Self.pooledCapacity { Self.pool.give(UnsafeMutableRawPointer(base)) } else { base.deallocate() }
    }

    @inline(__always) var room: Int { capacity - count }

    @inline(__always) func append(_ b: UInt8) { base[count] = b; count += 1 }

    func flush(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if count > 0 {
            emit(UnsafeRawBufferPointer(start: base, count: count))
            count = 0
        }
    }

    /// Copies `bytes`, flushing as often as the block fills.
    func append(_ bytes: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        var offset = 0
        while offset < bytes.count {
            if room == 0 { flush(emit) }
            let n = Swift.min(room, bytes.count - offset)
            if let src = bytes.baseAddress {
                (base + count).initialize(from: src.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: n)
            }
            count += n
            offset += n
        }
    }

    /// Appends a Unicode scalar as UTF-8; the caller keeps at least 4 bytes of room.
    @inline(__always) func appendScalar(_ v: UInt32) {
        if v < 0x80 {
            append(UInt8(v))
        } else if v < 0x800 {
            append(UInt8(0xC0 | (v >> 6))); append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            append(UInt8(0xE0 | (v >> 12))); append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
        } else {
            append(UInt8(0xF0 | (v >> 18))); append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Records each anomaly once and forwards the first sighting to the sink.
final class AnomalyRecorder {
    private(set) var seen: Set<Anomaly> = []
    private let sink: TextSink?
    init(sink: TextSink?) { self.sink = sink }
    func record(_ a: Anomaly) {
        if seen.insert(a).inserted { sink?.anomaly(a) }
    }
}

/// Eight bytes at a time for the loops that pass plain ASCII through: one test says that
/// none of the eight needs a look of its own.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether the eight bytes from `at` are all 0x01...0x7F. A byte 0x01...0x7F less one
    /// borrows nothing and keeps its high bit clear, so the word has no high bit set
    /// exactly when every byte is one; the lowest NUL or 8-bit byte always sets one.
    @inline(__always)
    static func allPlainASCII(_ bytes: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        return ((w &- ones) | w) & highs == 0
    }

    /// `allPlainASCII` for the 32 bytes from `at`: four words and one branch. Text runs are
    /// mostly long, and a step of eight paid its loop test, bounds test and branch for
    /// every word.
    @inline(__always)
    static func allPlainASCII32(_ bytes: UnsafeRawBufferPointer, at: Int) -> Bool {
        !anyHighBit32(bytes, at: at, orNUL: true)
    }

    /// Whether a byte of the 32 from `at` has its high bit set (with `orNUL`, or is NUL): the
    /// four words ORed, one test and branch for all of them. `true` without storage.
    @inline(__always)
    static func anyHighBit32(_ bytes: UnsafeRawBufferPointer, at: Int, orNUL: Bool = false) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return highBits32(base, at: at, orNUL: orNUL) != 0
    }

    /// The high bits that `anyHighBit32` tests.
    @inline(__always)
    private static func highBits32(_ base: UnsafeRawPointer, at: Int, orNUL: Bool) -> UInt64 {
        let a = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        let b = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at &+ 8, as: UInt64.self))
        let c = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at &+ 16, as: UInt64.self))
        let d = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at &+ 24, as: UInt64.self))
        if orNUL { return ((a &- ones) | a | (b &- ones) | b | (c &- ones) | c | (d &- ones) | d) & highs }
        return (a | b | c | d) & highs
    }

    /// Whether a byte of `bytes` has its high bit set (with `orNUL`, or is NUL): 32 bytes a
    /// test, then eight, then the tail. A Received or DKIM-Signature value is most of a
    /// kilobyte, and every field of every message is asked.
    @inline(__always)
    static func anyHighBit(_ bytes: UnsafeRawBufferPointer, orNUL: Bool = false) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = 0
        while n &- i >= 32 {
            if highBits32(base, at: i, orNUL: orNUL) != 0 { return true }
            i &+= 32
        }
        while n &- i >= 8 {
            let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if (orNUL ? (w &- ones) | w : w) & highs != 0 { return true }
            i &+= 8
        }
        while i < n {
            let c = base.load(fromByteOffset: i, as: UInt8.self)
            if c >= 0x80 || (orNUL && c == 0) { return true }
            i &+= 1
        }
        return false
    }

    /// Where the plain ASCII from `at` (known to hold eight plain bytes) stops being
    /// provable a step at a time: past those eight, then 32 bytes a step while they are
    /// plain. A run that ends within the eight after costs one more test than eight-byte
    /// steps alone; a byte outside ASCII first (CJK text) reaches no 32-byte test at all.
    @inline(__always)
    static func plainASCIIRun(_ bytes: UnsafeRawBufferPointer, after at: Int) -> Int {
        var i = at &+ 8
        let n = bytes.count
        while n &- i >= 32 && allPlainASCII32(bytes, at: i) { i &+= 32 }
        return i
    }

    /// Whether any of the eight bytes from `at` is `byte` (no false answers either way:
    /// the lowest zero byte of the XOR always shows, and a word without one shows none).
    @inline(__always)
    static func contains(_ byte: UInt8, _ bytes: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)) ^ (ones &* UInt64(byte))
        return (w &- ones) & ~w & highs != 0
    }

    /// Whether any of the eight bytes from `at` has its high bit set.
    @inline(__always)
    static func anyHigh(_ bytes: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return base.loadUnaligned(fromByteOffset: at, as: UInt64.self) & highs != 0
    }
}
