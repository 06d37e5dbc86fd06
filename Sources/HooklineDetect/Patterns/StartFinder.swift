internal import CVectorscan
import Foundation
import HooklineCore

/// Where a stream match began, found after the fact.
///
/// Start-of-match tracking (`HS_FLAG_SOM_LEFTMOST`) on the ~1,200 lexicon regexes was 80 %
/// of the stream database and most of Vectorscan's scan time (docs/PERFORMANCE.md, stop 18),
/// yet few of their matches happen in any one message. So the stream runs without it, and
/// for each match that does happen, that one pattern, compiled alone in block mode with
/// start-of-match, is run over the retained text that ends at the match: its report for the
/// same end offset carries the same leftmost start the stream would have given, as long as
/// the window reaches back to it (``PatternStream/horizon``, the stream's own SOM horizon).
///
/// The finders are compiled with the stream database (in the compile child, or by the
/// offline command that fills the pattern cache) and live in the same file mapping
/// (``DatabaseMapping``), so the daemon never compiles and a finder that never runs is
/// never read into memory.
final class StartFinder: @unchecked Sendable {
    private let databases: [UInt32: OpaquePointer]
    /// `databases` and `widths` by id (-1: unbounded) when the ids are dense, as the config
    /// numbers them: a finder call looked both up by hashing the id. Empty otherwise.
    private let byID: [OpaquePointer?]
    private let widthByID: [Int]
    /// Heap databases are freed here; mapped ones belong to the mapping.
    private let owned: Bool
    private let lock = NSLock()
    /// Everything the lock guards, in one property: one exclusivity check per borrow.
    private var shared = Scratches()

    private struct Scratches {
        /// Grown (`hs_alloc_scratch`) for each finder the first time it runs, never before:
        /// that call checksums the whole database, so doing it for every finder at load would
        /// read all of them into memory. Scratches are cloned from it.
        var prototype: OpaquePointer?
        /// Finders the prototype has been grown for, and how often it has grown: a pooled
        /// scratch cloned before the last growth may be too small and is cloned again.
        var covered: Set<UInt32> = []
        /// `covered` by id, when the ids are dense (``byID``).
        var coveredByID: [Bool] = []
        var generation = 0
        var pool: [(scratch: OpaquePointer, generation: Int)] = []
        /// Finders whose database failed the length check: their matches keep the approximate start.
        var refused: Set<UInt32> = []

        func isCovered(_ id: UInt32) -> Bool {
            Int(id) < coveredByID.count ? coveredByID[Int(id)] : covered.contains(id)
        }

        mutating func cover(_ id: UInt32) {
            if Int(id) < coveredByID.count { coveredByID[Int(id)] = true } else { covered.insert(id) }
        }

        /// ``StartFinder/borrowScratch(for:_:)`` under the lock.
        mutating func borrow(
            _ id: UInt32, _ database: OpaquePointer, lengths: [UInt32: Int], mapping: DatabaseMapping?
        ) -> (OpaquePointer, generation: Int)? {
            if !isCovered(id) {
                if refused.contains(id) { return nil }
                if let length = lengths[id], !(mapping?.holds(database, length: length) ?? false) {
                    refused.insert(id)
                    Log.error("start finder: pattern \(id)'s database is not the one compiled; its starts stay approximate")
                    return nil
                }
                guard hs_alloc_scratch(database, &prototype) == HS_SUCCESS else {
                    Log.error("start finder: hs_alloc_scratch failed")
                    return nil
                }
                cover(id)
                generation += 1
            }
            while let entry = pool.popLast() {
                if entry.generation == generation { return (entry.scratch, generation) }
                hs_free_scratch(entry.scratch)
            }
            var clone: OpaquePointer?
            guard hs_clone_scratch(prototype, &clone) == HS_SUCCESS, let clone else { return nil }
            return (clone, generation)
        }
    }

    /// The longest match of each pattern whose matches are bounded (`hs_expression_info`'s
    /// `max_width`, computed where it was compiled): a start is never further back than that.
    private let widths: [UInt32: Int]

    /// For patterns without a bounded width: the most white-space bytes a match holds
    /// (``SeparatorBound``), which bounds its window by the text instead (``separators(_:)``).
    private let separatorLimits: [UInt32: Int]

    /// Lengths to check each database against before its first use (a child's image); the
    /// mapping they live in, kept for that check.
    private let lengths: [UInt32: Int]
    private let mapping: DatabaseMapping?

    /// `mapping`: where the databases live, or nil when they are heap copies owned here.
    init(
        _ databases: [UInt32: OpaquePointer], widths: [UInt32: Int] = [:], lengths: [UInt32: Int] = [:],
        separators: [UInt32: Int] = [:], mapping: DatabaseMapping?
    ) {
        self.databases = databases
        self.widths = widths
        self.separatorLimits = separators.filter { widths[$0.key] == nil }
        self.lengths = lengths
        self.mapping = mapping
        self.owned = mapping == nil
        if let top = databases.keys.max(), top < 1 << 20, Int(top) < 4 * databases.count + 4096 {
            var byID = [OpaquePointer?](repeating: nil, count: Int(top) + 1)
            var widthByID = [Int](repeating: -1, count: Int(top) + 1)
            for (id, database) in databases {
                byID[Int(id)] = database
                widthByID[Int(id)] = widths[id] ?? -1
            }
            self.byID = byID
            self.widthByID = widthByID
            shared.coveredByID = [Bool](repeating: false, count: Int(top) + 1)
        } else {
            byID = []
            widthByID = []
        }
    }

    /// How far before a match's end its start can be, in bytes; nil when unbounded.
    func width(_ id: UInt32) -> Int? {
        guard Int(id) < widthByID.count, byID[Int(id)] != nil else { return widths[id] }
        let width = widthByID[Int(id)]
        return width < 0 ? nil : width
    }

    /// The most white-space bytes a match of `id` holds, for a pattern whose width is not
    /// bounded; nil when that is not known either.
    func separators(_ id: UInt32) -> Int? { separatorLimits.isEmpty ? nil : separatorLimits[id] }

    deinit {
        for entry in shared.pool { hs_free_scratch(entry.scratch) }
        if let prototype = shared.prototype { hs_free_scratch(prototype) }
        if owned { for database in databases.values { hs_free_database(database) } }
    }

    /// The ids this finder answers for.
    var ids: Dictionary<UInt32, OpaquePointer>.Keys { databases.keys }

    func has(_ id: UInt32) -> Bool { database(id) != nil }

    func database(_ id: UInt32) -> OpaquePointer? {
        Int(id) < byID.count ? byID[Int(id)] : databases[id]
    }

    /// For each of `ends` (stream offsets, ascending), the leftmost start of pattern `id`
    /// matching up to it within `window`, whose first byte is stream offset `base`, written
    /// into `starts` (same indices as `ends`; an end with no answer, because the window was
    /// too short, is left as it was). The window is copied to a staging of its own.
    func starts(id: UInt32, ends: [Int], into starts: inout [Int], window: UnsafeBufferPointer<UInt8>, base: Int) {
        guard !window.isEmpty, ends.count == starts.count else { return }
        // A copy ending on a 64-byte boundary (``ScanStaging``): in place, the window's end
        // was wherever the ring put it, and Vectorscan missed matches at some of them.
        ScanStaging.withPlaced(window) { placed in
            ends.withUnsafeBufferPointer { e in
                starts.withUnsafeMutableBufferPointer { s in
                    self.starts(id: id, ends: e, into: s, placed: placed, base: base)
                }
            }
        }
    }

    /// What the match callback of one finder scan writes: the first report for each end.
    private struct Reports {
        let ends: UnsafeBufferPointer<Int>
        let answers: UnsafeMutableBufferPointer<Int>
        let base: Int
    }

    private static let unanswered = Int.min

    private static let onMatch: match_event_handler = { _, from, to, _, context in
        guard let context else { return 0 }
        let reports = context.assumingMemoryBound(to: Reports.self).pointee
        // Reports come in end order; the first for an end is its leftmost start.
        let end = reports.base + Int(clamping: to)
        if let k = index(of: end, in: reports.ends), reports.answers[k] == unanswered {
            reports.answers[k] = reports.base + Int(clamping: from)
        }
        return 0
    }

    /// ``starts(id:ends:into:window:base:)`` over a window already staged (``ScanStaging``,
    /// e.g. by ``ScanStaging/slot(_:count:)``): no copy, no allocation, no closure; the
    /// answers are kept on the stack until the scan is done.
    func starts(
        id: UInt32, ends: UnsafeBufferPointer<Int>, into starts: UnsafeMutableBufferPointer<Int>,
        placed: UnsafeBufferPointer<UInt8>, base: Int
    ) {
        guard let database = database(id), let bytes = placed.baseAddress, !placed.isEmpty, !ends.isEmpty,
            ends.count == starts.count, let (scratch, clonedAt) = borrowScratch(for: id, database)
        else { return }
        defer { returnScratch(scratch, clonedAt) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: ends.count) { answers in
            answers.initialize(repeating: Self.unanswered)
            var reports = Reports(ends: ends, answers: answers, base: base)
            let code = withUnsafeMutablePointer(to: &reports) { context in
                bytes.withMemoryRebound(to: CChar.self, capacity: placed.count) { chars in
                    hs_scan(database, chars, UInt32(clamping: placed.count), 0, scratch, Self.onMatch, context)
                }
            }
            if code != HS_SUCCESS { Log.error("start finder: \(VectorscanError(function: "hs_scan", code: code))") }
            for k in 0..<ends.count where answers[k] != Self.unanswered { starts[k] = answers[k] }
        }
    }

    /// Binary search: a pattern rarely has more than a few pending ends.
    static func index(of end: Int, in ends: UnsafeBufferPointer<Int>) -> Int? {
        var lo = 0
        var hi = ends.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] < end { lo = mid + 1 } else { hi = mid }
        }
        return lo < ends.count && ends[lo] == end ? lo : nil
    }

    /// A pooled scratch big enough for `database`. Cloning and growing happen under the lock
    /// (a clone reads the prototype, which growing reallocates); the scan does not.
    func borrowScratch(for id: UInt32, _ database: OpaquePointer) -> (OpaquePointer, generation: Int)? {
        lock.lock()
        defer { lock.unlock() }
        return shared.borrow(id, database, lengths: lengths, mapping: mapping)
    }

    /// `clonedAt`: the generation the scratch was cloned at, so a later growth retires it.
    func returnScratch(_ scratch: OpaquePointer, _ clonedAt: Int) {
        lock.lock()
        shared.pool.append((scratch, clonedAt))
        lock.unlock()
    }
}
