/// The last `capacity` bytes of a stream, addressed by absolute stream offset.
///
/// Evidence (what the message really said around a phone number or phrase) is cut from
/// here after the fact, so memory per message stays fixed however long the body is.
///
/// The bytes live in a `ManagedBuffer` of `allocated` bytes, written and read through its
/// element pointer: an `Array` made each append a generic `append(contentsOf:)` (~175
/// instructions before the copy, three rings and ~150 appends a message) or a
/// `withUnsafeMutableBufferPointer` round trip, and every doubling reallocated. Elements are
/// written before they are read (offsets below `total` only), so none are zeroed. Copies of a
/// ring share the buffer until one of them appends (copy on write).
struct ByteRing {
    /// Until the stream wraps, offset `k` is at index `k` (`k % capacity` then too), so
    /// growing copies the bytes to the same indices.
    private var storage: ManagedBuffer<Void, UInt8>?
    private var allocated = 0
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
        guard let storage else { return }
        let capacity = self.capacity
        let at = total % capacity
        storage.withUnsafeMutablePointerToElements { base in
            let first = min(capacity - at, count)
            (base + at).update(from: source, count: first)
            if first < count { base.update(from: source + first, count: count - first) }
        }
        total += count
    }

    /// New storage of `size` bytes holding the bytes held (called before the stream wraps,
    /// when offsets are indices, or at the same size for a shared buffer).
    private mutating func reallocate(_ size: Int) {
        let grown = ManagedBuffer<Void, UInt8>.create(minimumCapacity: size) { _ in }
        let held = min(total, allocated)
        if let storage, held > 0 {
            grown.withUnsafeMutablePointerToElements { to in
                storage.withUnsafeMutablePointerToElements { from in to.initialize(from: from, count: held) }
            }
        }
        storage = grown
        allocated = size
    }

    /// Calls `body` with the bytes at indices `a ..< a + n` of the storage (not wrapping).
    private func withRun<R>(_ a: Int, _ n: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard let storage else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return storage.withUnsafeMutablePointerToElements { base in
            body(UnsafeBufferPointer(start: base + a, count: n))
        }
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
        guard offset >= 0, offset < total, offset >= total - capacity, let storage else { return nil }
        return storage.withUnsafeMutablePointerToElements { $0[offset % capacity] }
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
