/// How many matches each pattern has recorded in one message, for `max_matches_per_pattern`.
///
/// A message matches a few dozen of the ~2,600 patterns, so an open-addressing table of the
/// ids seen (grown at half full) replaces the array over every id that was allocated and
/// zeroed per message (10 KB); a `Dictionary` hashed each id with SipHash.
struct MatchCounts {
    /// `(id + 1) << 32 | count`, 0 for an empty slot; a power of two long once allocated.
    private var slots: [UInt64] = []
    private var used = 0
    private var shift = 0

    static let initialSlots = 64

    /// Counts one more match of `id` unless it already has `limit`; false (nothing counted)
    /// when it has.
    mutating func add(_ id: UInt32, limit: Int32) -> Bool {
        if slots.isEmpty { resize(Self.initialSlots) }
        let key = UInt64(id) &+ 1
        let mask = slots.count - 1
        var i = slot(id)
        while true {
            let s = slots[i]
            if s == 0 {
                guard limit > 0 else { return false }
                slots[i] = key << 32 | 1
                used += 1
                if 2 * used > slots.count { resize(2 * slots.count) }
                return true
            }
            if s >> 32 == key {
                guard Int64(s & 0xFFFF_FFFF) < Int64(limit) else { return false }
                slots[i] = s &+ 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// How many matches of `id` were counted.
    func count(_ id: UInt32) -> Int {
        guard !slots.isEmpty else { return 0 }
        let key = UInt64(id) &+ 1
        let mask = slots.count - 1
        var i = slot(id)
        while slots[i] != 0 {
            if slots[i] >> 32 == key { return Int(slots[i] & 0xFFFF_FFFF) }
            i = (i + 1) & mask
        }
        return 0
    }

    /// Fibonacci hashing: the config numbers patterns densely, and a lexicon's ids (which
    /// often match together) would otherwise fill one run of slots.
    @inline(__always)
    private func slot(_ id: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    private mutating func resize(_ size: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: size)
        shift = 64 - size.trailingZeroBitCount
        let mask = size - 1
        for s in old where s != 0 {
            var i = slot(UInt32(truncatingIfNeeded: (s >> 32) &- 1))
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }
}
