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
/// Databases are compiled on a pattern's first match, so patterns that never match cost
/// neither compile time nor memory.
final class StartFinder: @unchecked Sendable {
    private let specs: [UInt32: PatternSpec]
    private let lock = NSLock()
    /// nil when Vectorscan would not compile the pattern alone with start-of-match.
    private var databases: [UInt32: OpaquePointer?] = [:]
    private var scratches: [OpaquePointer] = []

    init(_ specs: [PatternSpec]) {
        self.specs = Dictionary(specs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    deinit {
        for scratch in scratches { hs_free_scratch(scratch) }
        for case let database? in databases.values { hs_free_database(database) }
    }

    /// The ids this finder answers for.
    var ids: Dictionary<UInt32, PatternSpec>.Keys { specs.keys }

    /// For each of `ends` (stream offsets), the leftmost start of pattern `id` matching up
    /// to it within `window`, whose first byte is stream offset `base`. An end with no
    /// answer (pattern not compilable alone, window too short) is left out.
    func starts(id: UInt32, ends: Set<Int>, window: UnsafeBufferPointer<UInt8>, base: Int) -> [Int: Int] {
        guard let database = database(for: id), let bytes = window.baseAddress, !window.isEmpty else { return [:] }
        var found: [Int: Int] = [:]
        let sink = MatchSink { _, from, to in
            let end = base + to
            if ends.contains(end), found[end] == nil { found[end] = base + from }
            return true
        }
        guard let scratch = borrowScratch(for: database) else { return [:] }
        defer { returnScratch(scratch) }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let code = bytes.withMemoryRebound(to: CChar.self, capacity: window.count) { chars in
            hs_scan(database, chars, UInt32(clamping: window.count), 0, scratch, MatchSink.callback, context)
        }
        withExtendedLifetime(sink) {}
        if code != HS_SUCCESS { Log.error("start finder: \(VectorscanError(function: "hs_scan", code: code))") }
        return found
    }

    /// Compiled outside the lock, so a message waiting for one pattern's compile does not
    /// hold up the others' start finding; if two threads race, the first database stays.
    private func database(for id: UInt32) -> OpaquePointer? {
        lock.lock()
        let known = databases[id]
        lock.unlock()
        if let known { return known }
        guard let spec = specs[id] else { return nil }
        var db: OpaquePointer?
        var compileError: UnsafeMutablePointer<hs_compile_error_t>?
        let flags = PatternDatabase.flags(for: spec) | UInt32(HS_FLAG_SOM_LEFTMOST)
        let code = hs_compile(spec.expression, flags, UInt32(HS_MODE_BLOCK), nil, &db, &compileError)
        if let compileError { hs_free_compile_error(compileError) }
        let usable = code == HS_SUCCESS ? db : nil
        lock.lock()
        defer { lock.unlock() }
        if let raced = databases[id] {
            if let usable { hs_free_database(usable) }
            return raced
        }
        databases[id] = usable
        return usable
    }

    /// A pooled scratch made big enough for `database` (`hs_alloc_scratch` only reallocates
    /// when it is not), so one pool serves every pattern's database.
    private func borrowScratch(for database: OpaquePointer) -> OpaquePointer? {
        lock.lock()
        var scratch = scratches.popLast()
        lock.unlock()
        guard hs_alloc_scratch(database, &scratch) == HS_SUCCESS else {
            if let scratch { hs_free_scratch(scratch) }
            return nil
        }
        return scratch
    }

    private func returnScratch(_ scratch: OpaquePointer) {
        lock.lock()
        scratches.append(scratch)
        lock.unlock()
    }
}
