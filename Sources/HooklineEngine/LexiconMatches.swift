import HooklineDetect

/// A message's lexicon matches by lexicon index, in stream order within each lexicon.
///
/// An array rather than `[Int: [PatternMatch]]`: rule conditions look lexicons up hundreds
/// of times per message, and the dictionary hashed every key with SipHash. A lexicon with
/// no match reads as nil, as a missing dictionary key did.
///
/// All of them in one array grouped by lexicon (a counting sort of the stream's matches), a
/// lexicon's being a slice of it: an array per lexicon allocated (and regrown) for every
/// lexicon that matched, and an array of ~300 empty arrays per message, cost ~10 k
/// instructions a message.
struct LexiconMatches {
    private var grouped: [PatternMatch] = []
    /// Lexicon `l`'s matches are `grouped[bounds[l] ..< bounds[l + 1]]`; empty when none matched.
    private var bounds: [Int] = []

    /// `matches` in stream order; `owners[id]` is the lexicon of pattern `id` (ids past it,
    /// and negative lexicons, belong to none). `count` lexicons at least.
    init(_ matches: [PatternMatch], owners: [Int], count: Int) {
        var top = max(0, count)
        var kept = 0
        for m in matches {
            let i = Int(m.id)
            guard i < owners.count, owners[i] >= 0 else { continue }
            top = max(top, owners[i] + 1)
            kept += 1
        }
        guard kept > 0 else { return }
        // Counted and placed through the arrays' buffers: written by subscript, every count and
        // every placement was a uniqueness test of `bounds` or `next` (~60 a message), and
        // `next` a copy-on-write of `bounds` made at its first write.
        var bounds = [Int](repeating: 0, count: top + 1)
        var next = [Int](repeating: 0, count: top)
        bounds.withUnsafeMutableBufferPointer { bounds in
            for m in matches {
                let i = Int(m.id)
                guard i < owners.count, owners[i] >= 0 else { continue }
                bounds[owners[i] + 1] += 1
            }
            for l in 0..<top { bounds[l + 1] += bounds[l] }
            next.withUnsafeMutableBufferPointer { next in
                for l in 0..<top { next[l] = bounds[l] }
            }
        }
        grouped = next.withUnsafeMutableBufferPointer { next in
            [PatternMatch](unsafeUninitializedCapacity: kept) { out, initialized in
                guard let base = out.baseAddress else { return }
                for m in matches {
                    let i = Int(m.id)
                    guard i < owners.count, owners[i] >= 0 else { continue }
                    (base + next[owners[i]]).initialize(to: m)
                    next[owners[i]] += 1
                }
                initialized = kept
            }
        }
        self.bounds = bounds
    }

    /// Whether lexicon `l` has a match: the subscript's nil test without making the slice.
    func matched(_ l: Int) -> Bool {
        l >= 0 && l + 1 < bounds.count && bounds[l] < bounds[l + 1]
    }

    subscript(lexicon: Int) -> ArraySlice<PatternMatch>? {
        guard lexicon >= 0, lexicon + 1 < bounds.count, bounds[lexicon] < bounds[lexicon + 1] else { return nil }
        return grouped[bounds[lexicon]..<bounds[lexicon + 1]]
    }
}
