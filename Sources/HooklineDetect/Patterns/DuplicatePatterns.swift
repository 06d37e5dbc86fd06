/// Patterns that are the same expression with the same flags, compiled once.
///
/// The shipped lexicons list 128 phrases and regexes twice (a brand in two brand lists, "to
/// avoid" in two urgency lists): each copy was its own pattern in the stream database, and
/// Vectorscan ran the same automaton once per copy (1 % of its scan, docs/PERFORMANCE.md
/// stop 22). The same expression with the same flags reports the same ends (and, with
/// start-of-match, the same starts), so the first of each group is compiled and its reports
/// are handed on to the others' ids: every id still gets exactly the matches it had.
struct DuplicatePatterns {
    /// Indices into the specs of the patterns compiled: the first of each group, in order.
    let compiled: [Int]
    /// By compiled id: the ids of the same expression and flags reported with it. Empty when
    /// nothing is merged; indexed by id, so only built when the ids are dense (as the
    /// config numbers them), else nothing is merged.
    let aliases: [[UInt32]]

    /// `flags[k]` are the flags spec `k` is compiled with.
    init(_ specs: [PatternSpec], flags: [UInt32]) {
        guard let top = specs.map(\.id).max(), top < 1 << 20, Int(top) < 4 * specs.count + 1024,
            flags.count == specs.count
        else {
            compiled = Array(specs.indices)
            aliases = []
            return
        }
        var first: [Key: Int] = [:]
        first.reserveCapacity(specs.count)
        var kept: [Int] = []
        var byID = [[UInt32]](repeating: [], count: Int(top) + 1)
        var merged = false
        var ids = Set<UInt32>()
        for (k, spec) in specs.enumerated() {
            // An id given twice (never by the config) keeps its own copies: merging it into
            // itself would report it once where Vectorscan reported it twice.
            guard ids.insert(spec.id).inserted else {
                kept.append(k)
                continue
            }
            let key = Key(flags: flags[k], expression: spec.expression)
            if let owner = first[key] {
                byID[Int(specs[owner].id)].append(spec.id)
                merged = true
            } else {
                first[key] = k
                kept.append(k)
            }
        }
        compiled = kept
        aliases = merged ? byID : []
    }

    /// The text's bytes and the flags. Not `String` equality: that is canonical
    /// equivalence, and "caf\u{E9}" and "cafe\u{301}" are two patterns to Vectorscan, which
    /// reads bytes. Hashed on the length and the first bytes only: a string key built and
    /// hashed whole cost ~6 k instructions a pattern at every config load.
    private struct Key: Hashable {
        var flags: UInt32
        var expression: String

        static func == (a: Key, b: Key) -> Bool {
            a.flags == b.flags && a.expression.utf8.elementsEqual(b.expression.utf8)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(flags)
            hasher.combine(expression.utf8.count)
            for byte in expression.utf8.prefix(16) { hasher.combine(byte) }
        }
    }

    /// The ids a report of `id` stands for besides `id` itself.
    @inline(__always)
    func others(_ id: UInt32) -> ArraySlice<UInt32> {
        let index = Int(id)
        return index < aliases.count ? aliases[index][...] : []
    }
}
