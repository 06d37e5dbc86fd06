/// A fold table kept as its (first, step, count) runs and read by binary search, for a
/// range whose scalars are rare in mail but must never be computed per message.
///
/// U+3000...U+FDFF (kana, CJK, Hangul) expanded to one word a scalar is 52,736 entries,
/// 412 KB resident in every process, against the daemon's 48 MiB peak budget; as 1,130
/// runs it is ~23 KB. A lookup costs ~11 comparisons, and only scalars in that range
/// take it; computing one (its Unicode name read for the script) cost ~18 k instructions.
struct FoldRuns {
    /// Offset (from the range's start) of each run's first scalar, ascending.
    private let starts: [UInt32]
    private let firsts: [UInt64]
    private let steps: [UInt64]
    let count: Int

    /// Nil when `runs` does not cover `range` exactly (the tables are data; a malformed one
    /// is never shipped, and the caller falls back to computing).
    init?(_ runs: [UInt64], range: Range<UInt32>) {
        guard !range.isEmpty, let c = Self.columns(runs, count: range.count) else { return nil }
        (starts, firsts, steps, count) = (c.starts, c.firsts, c.steps, range.count)
    }

    /// The runs of a whole table (``FoldTable/runs(_:)``), which cover it by construction:
    /// the fallback when the shipped runs do not.
    init(table: [UInt64]) {
        let c = Self.columns(FoldTable.runs(table), count: table.count) ?? ([0], [0], [0])
        (starts, firsts, steps, count) = (c.starts, c.firsts, c.steps, table.count)
    }

    /// (first, step, count) triples as three columns and each run's start; nil unless they
    /// cover exactly `count` scalars with no empty run.
    private static func columns(
        _ runs: [UInt64], count: Int
    ) -> (starts: [UInt32], firsts: [UInt64], steps: [UInt64])? {
        var starts: [UInt32] = []
        var firsts: [UInt64] = []
        var steps: [UInt64] = []
        var covered: UInt64 = 0
        var r = 0
        while r + 2 < runs.count {
            let n = runs[r + 2]
            guard n > 0, n <= UInt64(count) - covered else { return nil }
            starts.append(UInt32(covered))
            firsts.append(runs[r])
            steps.append(runs[r + 1])
            covered += n
            r += 3
        }
        guard r == runs.count, covered == UInt64(count), !starts.isEmpty else { return nil }
        return (starts, firsts, steps)
    }

    /// The entry `offset` scalars after the range's start; `offset` must be below `count`.
    @inline(__always)
    func entry(_ offset: UInt32) -> UInt64 {
        // The last run whose start is <= offset (starts[0] is 0).
        var lo = 0
        var hi = starts.count
        while hi - lo > 1 {
            let m = (lo + hi) >> 1
            if starts[m] <= offset { lo = m } else { hi = m }
        }
        return firsts[lo] &+ steps[lo] &* UInt64(offset - starts[lo])
    }
}
