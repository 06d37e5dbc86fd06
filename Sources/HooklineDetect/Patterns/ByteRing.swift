/// The last `capacity` bytes of a stream, addressed by absolute stream offset.
///
/// Evidence (what the message really said around a phone number or phrase) is cut from
/// here after the fact, so memory per message stays fixed however long the body is.
struct ByteRing {
    private var storage: [UInt8]
    let capacity: Int
    /// Bytes ever appended; the ring holds offsets `total - min(total, capacity) ..< total`.
    private(set) var total = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = [UInt8](repeating: 0, count: capacity)
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        var src = bytes
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

    /// Bytes `from ..< to`, or nil once any of them has been overwritten.
    func bytes(from: Int, to: Int) -> [UInt8]? {
        guard from >= 0, from <= to, to <= total, from >= total - capacity else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(to - from)
        for offset in from..<to { out.append(storage[offset % capacity]) }
        return out
    }
}
