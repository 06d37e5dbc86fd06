/// Byte strings mapped to small integers, looked up by a slice of bytes: an open-addressed
/// table built once at config load and read by every message.
///
/// The address and domain lists asked of every message (`from:` lists, `auth_domain`
/// lists, the platforms' senders) were `[Substring: [Int]]` dictionaries: each lookup hashed
/// its key with SipHash through `String`'s generic hashing and compared `Substring`s, ~1 k
/// instructions a lookup and a few lookups per address (~4 k an address, ~35 k a message).
/// Here a lookup is an FNV-1a hash of the key's bytes and a byte comparison, on bytes the
/// caller already holds. Only for keys whose `String` equality is byte equality (ASCII):
/// the callers keep anything else on the `String` path.
struct ByteKeyTable {
    /// Every key's bytes, one after the other.
    private var bytes: [UInt8] = []
    /// Key `k` is `bytes[starts[k] ..< starts[k + 1]]`; `values[k]` is what it maps to.
    private var starts: [Int] = [0]
    private var values: [Int] = []
    /// Key index + 1 by hash slot, 0 for an empty slot; a power of two in size.
    private var slots: [Int32] = []

    /// How many distinct keys.
    var count: Int { values.count }

    /// `pairs` in order; a key given twice keeps its first value.
    init(_ pairs: [([UInt8], Int)]) {
        var size = 8
        while size < 2 * pairs.count { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        for (key, value) in pairs {
            let found = key.withUnsafeBufferPointer { find($0) }
            guard case .vacant(let slot) = found else { continue }
            bytes.append(contentsOf: key)
            starts.append(bytes.count)
            values.append(value)
            slots[slot] = Int32(values.count)
        }
    }

    private enum Found {
        case key(Int)
        case vacant(Int)
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>) -> Found {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(key)) & mask
        while true {
            let s = Int(slots[slot])
            if s == 0 { return .vacant(slot) }
            let k = s - 1
            let a = starts[k]
            let n = starts[k + 1] - a
            if n == key.count {
                var same = true
                var i = 0
                while i < n {
                    if bytes[a + i] != key[i] {
                        same = false
                        break
                    }
                    i += 1
                }
                if same { return .key(k) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The value of the key equal to `key`'s bytes, or nil.
    func value(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !values.isEmpty, case .key(let k) = find(key) else { return nil }
        return values[k]
    }

    /// FNV-1a, 64 bits, folded so the low bits (the slot) see the high ones.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h ^ (h >> 29)
    }
}
