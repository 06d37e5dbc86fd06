/// The last `capacity` bytes of a stream, addressed by absolute stream offset.
///
/// Evidence (what the message really said around a phone number or phrase) is cut from
/// here after the fact, so memory per message stays fixed however long the body is.
///
/// The bytes live in a block of `allocated` bytes (``RingBytes``), written and read through
/// its pointer: an `Array` made each append a generic `append(contentsOf:)` (~175
/// instructions before the copy, three rings and ~150 appends a message) or a
/// `withUnsafeMutableBufferPointer` round trip, and every doubling reallocated. Elements are
/// written before they are read (offsets below `total` only), so none are zeroed. Copies of a
/// ring share the block until one of them appends (copy on write).
///
/// Four words, as it was: rings are passed by value to the phone scanners, and a fifth word
/// made each such call copy the ring (a retain and release) instead of passing it in registers.
struct ByteRing {
    /// Owns the block, for copy on write and to free it; the bytes are reached through `base`.
    private var storage: RingBytes?
    /// `storage`'s bytes (nil with it), held beside it so an append touches no reference count:
    /// through a `ManagedBuffer`, each append bound the buffer, a retain and a release (~40 of
    /// its ~110 instructions). Until the stream wraps, offset `k` is at index `k`
    /// (`k % capacity` then too), so growing copies the bytes to the same indices.
    private var base: UnsafeMutablePointer<UInt8>?
    /// The size of the block (0 before the first append).
    private var allocated: Int { storage?.count ?? 0 }
    let capacity: Int
    /// Bytes ever appended; the ring holds offsets `total - min(total, capacity) ..< total`.
    private(set) var total = 0

    /// Storage grows with the stream up to `capacity`, so a short message does not pay
    /// for a ring sized for a long one.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The first allocation: what a typical message's text needs, so most messages allocate
    /// once per ring instead of at every doubling.
    static let initialBytes = 4096

    /// The oldest offset still held.
    var oldest: Int { max(0, total - capacity) }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var source = bytes.baseAddress, !bytes.isEmpty, capacity > 0 else { return }
        var count = bytes.count
        if count > capacity {
            // Only the last `capacity` bytes can be held; the rest would be overwritten.
            source += count - capacity
            total += count - capacity
            count = capacity
        }
        if total + count > allocated && allocated < capacity {
            reallocate(min(capacity, max(total + count, 2 * allocated, Self.initialBytes)))
        } else if !isKnownUniquelyReferenced(&storage) {
            reallocate(allocated)
        }
        guard let base else { return }
        let at = total % capacity
        let first = min(capacity - at, count)
        (base + at).update(from: source, count: first)
        if first < count { base.update(from: source + first, count: count - first) }
        total += count
    }

    /// This ring's capacity with nothing held, in this ring's block when it is at most
    /// `maxBytes` and held by no other ring (for a pool: a block that grew for a long message
    /// is not kept). A fresh ring's equal: offsets below `total` are the only ones read, and
    /// below the capacity an offset is its index, whatever size the block started at.
    mutating func emptied(keepingAtMost maxBytes: Int) -> ByteRing {
        var out = ByteRing(capacity: capacity)
        if allocated <= maxBytes, isKnownUniquelyReferenced(&storage) {
            out.storage = storage
            out.base = base
        }
        return out
    }

    /// New storage of `size` bytes holding the bytes held (called before the stream wraps,
    /// when offsets are indices, or at the same size for a shared buffer).
    private mutating func reallocate(_ size: Int) {
        let grown = RingBytes(count: size)
        let held = min(total, allocated)
        if let base, held > 0 { grown.base.initialize(from: base, count: held) }
        storage = grown
        base = grown.base
    }

    /// Calls `body` with the bytes at indices `a ..< a + n` of the storage (not wrapping).
    private func withRun<R>(_ a: Int, _ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let base else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: base + a, count: n))
    }

    /// Calls `body` with bytes `from ..< to` in one piece (two copies at most), or returns nil
    /// once any of them has been overwritten.
    func withBytes<R>(from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard from >= 0, from <= to, to <= total, from >= total - capacity else { return nil }
        let a = from % capacity
        let n = to - from
        if a + n <= allocated { return withRun(a, n, body) }
        let first = allocated - a
        return [UInt8](unsafeUninitializedCapacity: n) { out, count in
            if let target = out.baseAddress {
                withRun(a, first) { if let s = $0.baseAddress { target.initialize(from: s, count: first) } }
                withRun(0, n - first) { if let s = $0.baseAddress { (target + first).initialize(from: s, count: n - first) } }
            }
            count = n
        }.withUnsafeBufferPointer(body)
    }

    /// Copies bytes `from ..< to` to `out` (which holds `to - from`), in at most two runs;
    /// false, copying nothing, once any of them has been overwritten.
    func copy(from: Int, to: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard from >= 0, from <= to, to <= total, from >= total - capacity, out.count >= to - from,
            let target = out.baseAddress
        else { return false }
        let a = from % capacity
        let n = to - from
        let first = min(n, allocated - a)
        withRun(a, first) { if let s = $0.baseAddress { target.update(from: s, count: first) } }
        if first < n { withRun(0, n - first) { if let s = $0.baseAddress { (target + first).update(from: s, count: n - first) } } }
        return true
    }

    /// The byte at `offset`, or nil when it is not held.
    func byte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < total, offset >= total - capacity, let base else { return nil }
        return base[offset % capacity]
    }

    /// Bytes `from ..< to`, or nil once any of them has been overwritten.
    func bytes(from: Int, to: Int) -> [UInt8]? {
        guard from >= 0, from <= to, to <= total, from >= total - capacity else { return nil }
        // At most two runs (before and after the wrap): copied whole, not byte by byte.
        let a = from % capacity
        let n = to - from
        let first = min(n, allocated - a)
        var out = withRun(a, first) { Array($0) }
        if first < n { withRun(0, n - first) { out += $0 } }
        return out
    }
}

/// One ``ByteRing``'s block of `count` bytes, freed when the last ring holding it lets go. Its
/// bytes stay where they are for its life, so the ring keeps `base` beside it. Not private:
/// so, a debug (file by file) build gave the analyzer's state another size in
/// ``TextAnalyzerBlocks`` than its own (TextAnalyzerBlocksTests.testLayout failed).
final class RingBytes {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    init(count: Int) {
        base = .allocate(capacity: count)
        self.count = count
    }

    deinit { base.deallocate() }
}
