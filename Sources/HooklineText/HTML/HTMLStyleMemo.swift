import Synchronization

/// The inline styles a part's HTML already parsed, by their exact bytes: mail built from
/// templates repeats the same `style` value on cell after cell, and parsing one (copy,
/// lowercase, every declaration) costs hundreds of instructions where finding it again
/// costs a few word compares. A style is a function of its bytes alone, so a hit answers
/// what parsing would. A part's extractor takes one from a small pool and hands it back
/// when it is done, so the next part, of this message or a later one, finds the styles
/// already read: the same templates come again message after message (the mix holds 136
/// distinct style values in 10,288 style attributes over 407 parts, ~11 distinct a part).
///
/// Direct-mapped: ``slots`` entries chosen by the value's length and first and last eight
/// bytes, each holding a value of at most ``maxBytes`` and its style; a new value replaces
/// the one in its slot. The storage is allocated at the first value kept.
///
/// One byte array holds every slot (its length, its style, then its bytes): three arrays
/// (bytes, lengths, styles) were three allocations per part, two of them through the
/// runtime's unspecialised array path (~750 instructions each with its metadata lookup).
struct HTMLStyleMemo {
    /// Memos handed back by finished parts, for the next parts (of any message: a style's
    /// answer depends on its bytes alone). At most ``pooled`` kept; a part that finds none
    /// starts an empty one.
    private static let pool = Mutex<[HTMLStyleMemo]>([])
    static let pooled = 4

    /// A memo from the pool, or an empty one.
    static func checkOut() -> HTMLStyleMemo {
        pool.withLock { $0.popLast() } ?? HTMLStyleMemo()
    }

    /// Hands a part's memo back to the pool.
    static func checkIn(_ memo: consuming HTMLStyleMemo) {
        guard !memo.storage.isEmpty else { return }
        let memo = memo
        pool.withLock { if $0.count < pooled { $0.append(memo) } }
    }

    static let slots = 64
    static let maxBytes = 512
    /// A slot's length (an `Int`, -1 while empty) at 0 and its style at 8, its bytes after.
    private static let header = 32
    private static let stride = header + maxBytes

    private var storage: [UInt8] = []

    /// The style kept for exactly these bytes, if any.
    func style(for value: UnsafeRawBufferPointer) -> HTMLStyle? {
        let n = value.count
        guard n <= Self.maxBytes, !storage.isEmpty else { return nil }
        let at = Self.slot(value) * Self.stride
        return storage.withUnsafeBytes { all -> HTMLStyle? in
            guard all.load(fromByteOffset: at, as: Int.self) == n,
                Self.equal(UnsafeRawBufferPointer(rebasing: all[at + Self.header..<at + Self.header + n]), value)
            else { return nil }
            return all.load(fromByteOffset: at + 8, as: HTMLStyle.self)
        }
    }

    /// Keeps `style` as the answer for `value` (values longer than ``maxBytes`` are not kept).
    mutating func keep(_ value: UnsafeRawBufferPointer, _ style: HTMLStyle) {
        let n = value.count
        guard n <= Self.maxBytes else { return }
        if storage.isEmpty {
            assert(MemoryLayout<HTMLStyle>.size <= Self.header - 8)
            // Not zeroed (a memset of 8 KB per part cost more than the memo saved): a slot's
            // bytes are read only up to the length written with them, and every length is -1.
            storage = [UInt8](unsafeUninitializedCapacity: Self.slots * Self.stride) { buf, count in
                let raw = UnsafeMutableRawBufferPointer(buf)
                for s in 0..<Self.slots { raw.storeBytes(of: -1, toByteOffset: s * Self.stride, as: Int.self) }
                count = Self.slots * Self.stride
            }
        }
        let at = Self.slot(value) * Self.stride
        storage.withUnsafeMutableBytes { all in
            UnsafeMutableRawBufferPointer(rebasing: all[at + Self.header..<at + Self.header + n]).copyMemory(from: value)
            all.storeBytes(of: n, toByteOffset: at, as: Int.self)
            all.storeBytes(of: style, toByteOffset: at + 8, as: HTMLStyle.self)
        }
    }

    /// The slot of a value: its length and its first and last eight bytes (the bytes one
    /// at a time when there are fewer), mixed. Any answer is correct; a spread one hits.
    static func slot(_ value: UnsafeRawBufferPointer) -> Int {
        let n = value.count
        var h = UInt64(n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8, let base = value.baseAddress {
            h ^= UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            h = (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
            h ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else {
            for b in value { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        }
        h = (h ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h >> UInt64(64 - slots.trailingZeroBitCount))
    }

    /// Whether two equally long byte ranges hold the same bytes, eight at a time.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        var i = 0
        while i + 8 <= n {
            if pa.loadUnaligned(fromByteOffset: i, as: UInt64.self) != pb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if pa.load(fromByteOffset: i, as: UInt8.self) != pb.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }
}
