/// A read-only map from short ASCII words packed into a `UInt64` (as ``RegionEvidence``
/// packs them) to values: open addressing with a multiplicative hash, so a look-up is a
/// multiply, a shift and a compare or two. `RegionEvidence` asks for every word of the
/// text, twice; `Dictionary` hashed each key with SipHash, ~2 % of a message's work.
struct PackedWordTable<Value: Sendable>: Sendable {
    private let keys: [UInt64]
    private let values: [Value?]
    private let shift: UInt64
    private let mask: Int
    /// The value of the key 0 (the empty word), kept apart because 0 marks a free slot.
    private let zero: Value?

    init(_ entries: [UInt64: Value]) {
        var bits: UInt64 = 4
        while (1 << bits) < entries.count * 4 { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt64](repeating: 0, count: size)
        var values = [Value?](repeating: nil, count: size)
        var zero: Value?
        let shift = 64 - bits
        for (key, value) in entries {
            if key == 0 { zero = value; continue }
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0 { slot = (slot + 1) & (size - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.shift = shift
        self.mask = size - 1
        self.zero = zero
    }

    /// Inlined: called out of line (a generic specialisation), a look-up cost ~33 instructions
    /// against ~17 in `RegionEvidence.scan`'s loop.
    @inline(__always)
    subscript(key: UInt64) -> Value? {
        if key == 0 { return zero }
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let k = keys[slot]
            if k == key { return values[slot] }
            if k == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
