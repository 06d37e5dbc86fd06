import HooklineDetect

/// A message's lexicon matches by lexicon index, in stream order within each lexicon.
///
/// An array rather than `[Int: [PatternMatch]]`: rule conditions look lexicons up hundreds
/// of times per message, and the dictionary hashed every key with SipHash. A lexicon with
/// no match reads as empty (``matched(_:)`` false), as a missing dictionary key did.
///
/// The stream's matches grouped by lexicon as positions in the stream's own array (a
/// counting sort), a lexicon's being a run of them: an array per lexicon allocated (and
/// regrown) for every lexicon that matched cost ~10 k instructions a message, and a grouped
/// copy of the matches retained each one's evidence bytes (~115 a message) and released
/// them again with it. A class, so a lexicon's view holds one reference, as a slice did.
final class LexiconMatches {
    /// The stream's matches, shared with it, never copied.
    fileprivate let all: [PatternMatch]
    /// Positions in `all`, lexicon by lexicon; lexicon `l`'s are `order[bounds[l] ..< bounds[l + 1]]`.
    fileprivate let order: [Int]
    private let bounds: [Int]

    /// `matches` in stream order; `owners[id]` is the lexicon of pattern `id` (ids past it,
    /// and negative lexicons, belong to none). `count` lexicons at least.
    init(_ matches: [PatternMatch], owners: [Int], count: Int) {
        all = matches
        var top = max(0, count)
        var kept = 0
        for k in matches.indices {
            let i = Int(matches[k].id)
            guard i < owners.count, owners[i] >= 0 else { continue }
            top = max(top, owners[i] + 1)
            kept += 1
        }
        guard kept > 0 else {
            order = []
            bounds = []
            return
        }
        // Counted and placed through the buffers: written by subscript, every count and
        // placement was a uniqueness test of the arrays.
        var bounds = [Int](repeating: 0, count: top + 1)
        bounds.withUnsafeMutableBufferPointer { bounds in
            for k in matches.indices {
                let i = Int(matches[k].id)
                guard i < owners.count, owners[i] >= 0 else { continue }
                bounds[owners[i] + 1] += 1
            }
            for l in 0..<top { bounds[l + 1] += bounds[l] }
        }
        var next = bounds
        order = next.withUnsafeMutableBufferPointer { next in
            [Int](unsafeUninitializedCapacity: kept) { out, initialized in
                for k in matches.indices {
                    let i = Int(matches[k].id)
                    guard i < owners.count, owners[i] >= 0 else { continue }
                    out[next[owners[i]]] = k
                    next[owners[i]] += 1
                }
                initialized = kept
            }
        }
        self.bounds = bounds
    }

    /// Whether lexicon `l` has a match.
    func matched(_ l: Int) -> Bool {
        l >= 0 && l + 1 < bounds.count && bounds[l] < bounds[l + 1]
    }

    /// Lexicon `lexicon`'s matches, in stream order; empty when it has none.
    subscript(lexicon: Int) -> Matches {
        guard matched(lexicon) else { return Matches(source: self, startIndex: 0, endIndex: 0) }
        return Matches(source: self, startIndex: bounds[lexicon], endIndex: bounds[lexicon + 1])
    }

    /// One lexicon's matches, read in place from the stream's array.
    struct Matches: RandomAccessCollection {
        fileprivate let source: LexiconMatches
        let startIndex: Int
        let endIndex: Int

        subscript(position: Int) -> PatternMatch { source.all[source.order[position]] }
    }
}
