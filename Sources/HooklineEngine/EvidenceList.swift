import HooklineCore

/// One message's rule evidence: every string a leaf gives is stored once, in `store`, and
/// the evidence of the rule being walked is a list of indices into it. Cutting evidence
/// when a part fails sets a count, and replaying a kept answer copies indices: the list of
/// strings it replaces released every string it cut (`replaceSubrange`) and retained every
/// one it replayed (`append(contentsOf:)`), ~45 k instructions a message. The store only
/// grows within a message (at most the evidence of each leaf asked once, a few dozen
/// strings) and goes with the evaluator.
struct EvidenceList {
    /// Every string given this message, in the order given.
    private(set) var store: [String] = []
    /// Each stored string's UTF-8 length when it is all ASCII, -1 otherwise, -2 until
    /// ``firstDistinct(_:)`` first compares it (most stored strings never are): two ASCII
    /// strings of different lengths are different Strings, told apart without comparing them
    /// (most pairs it meets; each comparison was ~100 instructions). Only both ASCII: a
    /// string outside ASCII can equal a shorter one ("\u{212A}" is "K").
    private var asciiLength: [Int] = []
    /// The current rule's evidence, `ids[0..<count]`: indices into `store`. Entries past
    /// `count` are stale, kept so that appending after a cut writes in place.
    private var ids: [Int] = []
    /// How much evidence the current rule holds.
    private(set) var count = 0
    /// The evidence of every answer kept (a named condition's, a shared leaf's), one after
    /// the other: an answer holds its range here, so keeping one allocates nothing and
    /// keeping or replaying one copies indices, not strings.
    private var kept: [Int] = []
    /// Indices of the distinct evidence `firstDistinct` has chosen so far: reused for every
    /// hit, so choosing allocates only the answer.
    private var chosen: [Int] = []

    init() {
        store.reserveCapacity(32)
        asciiLength.reserveCapacity(32)
        ids.reserveCapacity(16)
        chosen.reserveCapacity(8)
        kept.reserveCapacity(32)
    }

    /// Keeps the evidence added since `mark` for a later `replay`: where it stands among the kept.
    mutating func keep(from mark: Int) -> Range<Int> {
        let start = kept.count
        var j = mark
        while j < count {
            kept.append(ids[j])
            j += 1
        }
        return start..<kept.count
    }

    /// Adds evidence kept by `keep` to the current rule's.
    mutating func replay(_ range: Range<Int>) {
        for j in range { push(kept[j]) }
    }

    /// The evidence index at `i` (`i < count`).
    func id(at i: Int) -> Int { ids[i] }

    /// Adds `s` to the current rule's evidence.
    mutating func append(_ s: String) {
        push(store.count)
        store.append(s)
        asciiLength.append(-2)
    }

    mutating func append<S: Sequence>(contentsOf s: S) where S.Element == String {
        for x in s { append(x) }
    }

    /// Adds evidence already stored (a kept answer's) to the current rule's.
    mutating func push(_ id: Int) {
        if count < ids.count { ids[count] = id } else { ids.append(id) }
        count += 1
    }

    /// Drops the evidence added since `mark`.
    mutating func cut(to mark: Int) {
        if count > mark { count = mark }
    }

    /// Starts a rule: its evidence is empty; what is stored stays for kept answers.
    mutating func startRule() { count = 0 }

    /// The string of evidence `id`.
    func string(_ id: Int) -> String { store[id] }

    /// The current rule's evidence as strings, in order.
    var strings: [String] { (0..<count).map { store[ids[$0]] } }

    /// ``asciiLength`` of stored string `id`, measured at its first comparison.
    private mutating func plainLength(_ id: Int) -> Int {
        if asciiLength[id] == -2 {
            asciiLength[id] = store[id].utf8.withContiguousStorageIfAvailable { ASCII.isASCII($0) ? $0.count : -1 } ?? -1
        }
        return asciiLength[id]
    }

    /// The first `limit` distinct strings of the current rule's evidence, in order: what
    /// filtering the first occurrences through a `Set` and taking a prefix gave. The same
    /// index is the same string, so a replayed or repeated answer is told apart without
    /// comparing strings; other pairs are compared as Strings (canonical equivalence, as
    /// the Set did).
    mutating func firstDistinct(_ limit: Int) -> [String] {
        var out: [String] = []
        guard limit > 0, count > 0 else { return out }
        // Sized once: grown by doubling it was up to four allocations for every hit.
        out.reserveCapacity(min(count, limit))
        chosen.removeAll(keepingCapacity: true)
        for i in 0..<count {
            let id = ids[i]
            var seen = false
            for c in chosen {
                if c != id {
                    let length = plainLength(id)
                    let other = plainLength(c)
                    if length >= 0 && other >= 0 && length != other { continue }
                    if store[c] != store[id] { continue }
                }
                seen = true
                break
            }
            if seen { continue }
            chosen.append(id)
            out.append(store[id])
            // Full: nothing later is added (a repeat is skipped, a new one would stop it).
            if out.count == limit { break }
        }
        return out
    }
}
