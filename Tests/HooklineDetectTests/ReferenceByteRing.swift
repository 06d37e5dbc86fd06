// ByteRing as it was before it kept its bytes in a ManagedBuffer (main 9b1ad2b): an Array
// grown by `append(contentsOf:)` until full, then written in place. Kept as the reference
// ``ByteRingReferenceTests`` compares the new one with. Only the name changed.

/// (Reference) The last `capacity` bytes of a stream, addressed by absolute stream offset.
///
/// Evidence (what the message really said around a phone number or phrase) is cut from
/// here after the fact, so memory per message stays fixed however long the body is.
struct ReferenceByteRing {
    private var storage: [UInt8]
    let capacity: Int
    /// Bytes ever appended; the ring holds offsets `total - min(total, capacity) ..< total`.
    private(set) var total = 0

    /// Storage grows with the stream up to `capacity`, so a short message does not pay
    /// for a ring sized for a long one.
    init(capacity: Int) {
        self.capacity = capacity
        storage = []
    }

    /// The oldest offset still held.
    var oldest: Int { max(0, total - capacity) }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var src = bytes
        if storage.count < capacity {
            let n = min(capacity - storage.count, src.count)
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: src[..<n]))
            total += n
            src = UnsafeBufferPointer(rebasing: src[n...])
            if src.isEmpty { return }
        }
        if src.count > capacity {
            total += src.count - capacity
            src = UnsafeBufferPointer(rebasing: src[(src.count - capacity)...])
        }
        guard let source = src.baseAddress, !src.isEmpty else { return }
        let capacity = self.capacity
        var at = total % capacity
        var done = 0
        storage.withUnsafeMutableBufferPointer { dst in
            guard let base = dst.baseAddress else { return }
            while done < src.count {
                let n = min(capacity - at, src.count - done)
                (base + at).update(from: source + done, count: n)
                done += n
                at = (at + n) % capacity
            }
        }
        total += src.count
    }

    /// Calls `body` with bytes `from ..< to` in one piece (two copies at most), or returns nil
    /// once any of them has been overwritten.
    func withBytes<R>(from: Int, to: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard from >= 0, from <= to, to <= total, from >= total - capacity else { return nil }
        let a = from % capacity
        let n = to - from
        return storage.withUnsafeBufferPointer { all in
            if a + n <= all.count { return body(UnsafeBufferPointer(rebasing: all[a..<(a + n)])) }
            let first = all.count - a
            return [UInt8](unsafeUninitializedCapacity: n) { out, count in
                for k in 0..<first { out[k] = all[a + k] }
                for k in 0..<(n - first) { out[first + k] = all[k] }
                count = n
            }.withUnsafeBufferPointer(body)
        }
    }

    /// The byte at `offset`, or nil when it is not held.
    func byte(at offset: Int) -> UInt8? {
        guard offset >= 0, offset < total, offset >= total - capacity else { return nil }
        return storage[offset % capacity]
    }

    /// Bytes `from ..< to`, or nil once any of them has been overwritten.
    func bytes(from: Int, to: Int) -> [UInt8]? {
        guard from >= 0, from <= to, to <= total, from >= total - capacity else { return nil }
        // At most two runs (before and after the wrap): copied whole, not byte by byte.
        let a = from % capacity
        let n = to - from
        return storage.withUnsafeBufferPointer { all in
            let first = min(n, all.count - a)
            var out = Array(UnsafeBufferPointer(rebasing: all[a..<(a + first)]))
            if first < n { out += UnsafeBufferPointer(rebasing: all[0..<(n - first)]) }
            return out
        }
    }
}
