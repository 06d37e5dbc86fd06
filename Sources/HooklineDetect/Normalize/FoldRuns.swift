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
        var starts: [UInt32] = []
        var firsts: [UInt64] = []
        var steps: [UInt64] = []
        var covered: UInt64 = 0
        guard !range.isEmpty else { return nil }
        var r = 0
        while r + 2 < runs.count {
            let n = runs[r + 2]
            guard n > 0, n <= UInt64(range.count) - covered else { return nil }
            starts.append(UInt32(covered))
            firsts.append(runs[r])
            steps.append(runs[r + 1])
            covered += n
            r += 3
        }
        guard r == runs.count, covered == UInt64(range.count) else { return nil }
        (self.starts, self.firsts, self.steps, count) = (starts, firsts, steps, range.count)
    }

    /// The runs of a whole table (``FoldTable/runs(_:)``), which cover it by construction:
    /// the fallback when the shipped runs do not.
    init(table: [UInt64]) {
        var starts: [UInt32] = []
        var firsts: [UInt64] = []
        var steps: [UInt64] = []
        let runs = FoldTable.runs(table)
        var covered: UInt32 = 0
        var r = 0
        while r + 2 < runs.count {
            starts.append(covered)
            firsts.append(runs[r])
            steps.append(runs[r + 1])
            covered += UInt32(runs[r + 2])
            r += 3
        }
        if starts.isEmpty { (starts, firsts, steps) = ([0], [0], [0]) }
        (self.starts, self.firsts, self.steps, count) = (starts, firsts, steps, table.count)
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
