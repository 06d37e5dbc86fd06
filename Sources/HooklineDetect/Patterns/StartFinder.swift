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
    /// Heap databases are freed here; mapped ones belong to the mapping.
    private let owned: Bool
    private let lock = NSLock()
    /// Grown (`hs_alloc_scratch`) for each finder the first time it runs, never before:
    /// that call checksums the whole database, so doing it for every finder at load would
    /// read all of them into memory. Scratches are cloned from it.
    private var prototype: OpaquePointer?
    /// Finders the prototype has been grown for, and how often it has grown: a pooled scratch
    /// cloned before the last growth may be too small and is cloned again.
    private var covered: Set<UInt32> = []
    private var generation = 0
    private var pool: [(scratch: OpaquePointer, generation: Int)] = []

    /// The longest match of each pattern whose matches are bounded (`hs_expression_info`'s
    /// `max_width`, computed where it was compiled): a start is never further back than that.
    private let widths: [UInt32: Int]

    /// Lengths to check each database against before its first use (a child's image); the
    /// mapping they live in, kept for that check.
    private let lengths: [UInt32: Int]
    private let mapping: DatabaseMapping?
    /// Finders whose database failed that check: their matches keep the approximate start.
    private var refused: Set<UInt32> = []

    /// `mapping`: where the databases live, or nil when they are heap copies owned here.
    init(
        _ databases: [UInt32: OpaquePointer], widths: [UInt32: Int] = [:], lengths: [UInt32: Int] = [:],
        mapping: DatabaseMapping?
    ) {
        self.databases = databases
        self.widths = widths
        self.lengths = lengths
        self.mapping = mapping
        self.owned = mapping == nil
    }

    /// How far before a match's end its start can be, in bytes; nil when unbounded.
    func width(_ id: UInt32) -> Int? { widths[id] }

    deinit {
        for entry in pool { hs_free_scratch(entry.scratch) }
        if let prototype { hs_free_scratch(prototype) }
        if owned { for database in databases.values { hs_free_database(database) } }
    }

    /// The ids this finder answers for.
    var ids: Dictionary<UInt32, OpaquePointer>.Keys { databases.keys }

    func has(_ id: UInt32) -> Bool { databases[id] != nil }

    /// For each of `ends` (stream offsets, ascending), the leftmost start of pattern `id`
    /// matching up to it within `window`, whose first byte is stream offset `base`, written
    /// into `starts` (same indices as `ends`; an end with no answer, because the window was
    /// too short, is left as it was).
    func starts(id: UInt32, ends: [Int], into starts: inout [Int], window: UnsafeBufferPointer<UInt8>, base: Int) {
        guard let database = databases[id], let bytes = window.baseAddress, !window.isEmpty,
            let (scratch, clonedAt) = borrowScratch(for: id, database)
        else { return }
        defer { returnScratch(scratch, clonedAt) }
        var result = starts
        var found = Array(repeating: false, count: ends.count)
        let sink = MatchSink { _, from, to in
            // Reports come in end order; the first for an end is its leftmost start.
            let end = base + to
            if let k = Self.index(of: end, in: ends), !found[k] {
                found[k] = true
                result[k] = base + from
            }
            return true
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        // A copy ending on a 64-byte boundary (``ScanStaging``): in place, the window's end
        // was wherever the ring put it, and Vectorscan missed matches at some of them.
        let code = ScanStaging.withPlaced(UnsafeBufferPointer(start: bytes, count: window.count)) { placed in
            placed.withMemoryRebound(to: CChar.self) { chars in
                hs_scan(database, chars.baseAddress, UInt32(clamping: chars.count), 0, scratch, MatchSink.callback, context)
            }
        }
        withExtendedLifetime(sink) {}
        if code != HS_SUCCESS { Log.error("start finder: \(VectorscanError(function: "hs_scan", code: code))") }
        starts = result
    }

    /// Binary search: a pattern rarely has more than a few pending ends.
    static func index(of end: Int, in ends: [Int]) -> Int? {
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
    private func borrowScratch(for id: UInt32, _ database: OpaquePointer) -> (OpaquePointer, generation: Int)? {
        lock.lock()
        defer { lock.unlock() }
        if !covered.contains(id) {
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
            covered.insert(id)
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

    /// `clonedAt`: the generation the scratch was cloned at, so a later growth retires it.
    private func returnScratch(_ scratch: OpaquePointer, _ clonedAt: Int) {
        lock.lock()
        pool.append((scratch, clonedAt))
        lock.unlock()
    }
}
