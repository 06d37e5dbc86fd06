import CVectorscan
import HooklineCore
@testable import HooklineDetect

// The pattern stream as it was before it kept its state in one struct (main 9b1ad2b), kept as
// the reference ``PatternStreamReferenceTests`` compares the new one with: a class property
// per piece of state, a closure per message, the counts in an array over every id, arrays and
// a set per start-finder call, and the finder's own copy of each window with a closure and
// boxed arrays per call (``referenceStarts``). Only the names changed.

/// (Reference) One message's Vectorscan stream: every view's normalised text goes through it in order,
/// so phrases split across `text()` calls (or MIME chunks) still match, in bounded memory.
///
/// Text is handed to Vectorscan in runs of one view of up to ``batchBytes``, not slice by
/// slice: each `hs_scan_stream` call loads and stores the whole stream state (~2 KB for
/// the shipped rules) whatever its length, and the analyzer's 1 KB slices and two-byte
/// view separators made ~40 calls per message. A match's view is still the view of the
/// call that reported it, as before: a run holds one view's bytes only, and the
/// separator a view owes is scanned in its name, so it joins that view's run.
final class ReferencePatternStream {
    private let database: PatternDatabase
    private let maxPerPattern: Int32
    private var stream: OpaquePointer?
    private var failed = false
    private var sink: MatchSink?

    private(set) var matches: [PatternMatch] = []
    private(set) var limitReached = false
    /// Matches recorded per pattern id (for `maxPerPattern`), indexed like
    /// ``PatternDatabase/startRule``: a hash per match cost more than the rest of `record`.
    /// Allocated at the first match; ids outside that range (none for loaded rules) use
    /// `otherCounts`.
    private var counts: [Int32] = []
    private var otherCounts: [UInt32: Int32] = [:]

    /// Recent normalised text, for evidence (matches report offsets, not text) and for
    /// ``StartFinder``'s windows: as far back as the stream's own start-of-match horizon
    /// (`HS_MODE_SOM_HORIZON_SMALL`, 2^16 bytes), so a found start is exact wherever the
    /// stream's would have been. Grows with the message, at most this much.
    /// It also holds the batch just scanned, so every match of it has its full horizon.
    private var recent = ByteRing(capacity: ReferencePatternStream.horizon + ReferencePatternStream.batchBytes)
    static let horizon = 1 << 16
    /// Matches (indices into `matches`) whose start ``StartFinder`` has yet to find.
    private var pending: [Int] = []
    /// How many of `matches` are in their final order (``orderByEndStartId()``).
    private var ordered = 0
    private var chunk: UnsafeBufferPointer<UInt8>?
    private var chunkStart = 0
    /// The view of the bytes `scan` is given next.
    var view: TextView = .plain
    /// The view of the bytes in `batch` (and, during a call to Vectorscan, of the matches
    /// it reports).
    private var batchView: TextView = .plain
    /// Bytes not yet handed to Vectorscan, all of `batchView`; allocated at the first text.
    /// Every call to Vectorscan is given its bytes from here, ending on a 64-byte boundary
    /// (``ScanStaging``), never from the caller's buffer: where a buffer ends in memory
    /// decided whether Vectorscan reported a match near its end.
    private var batch: UnsafeMutableRawPointer?
    private var batchCount = 0
    static let batchBytes = 16 * 1024

    static let maxEvidenceBytes = 160

    init(database: PatternDatabase, limits: Limits) {
        self.database = database
        self.maxPerPattern = Int32(clamping: limits.maxMatchesPerPattern)
    }

    deinit {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
        batch?.deallocate()
    }

    /// Opened on first text: messages with no text never touch Vectorscan.
    private func open() -> Bool {
        if stream != nil { return true }
        if failed || database.database == nil || database.mode != .stream { return false }
        do throws(VectorscanError) {
            var opened: OpaquePointer?
            try hsCall("hs_open_stream", hs_open_stream(database.database, 0, &opened))
            stream = opened
        } catch {
            Log.error("pattern stream: \(error)")
            failed = true
            return false
        }
        sink = MatchSink { [unowned self] id, from, to in self.record(id, from: from, to: to) }
        return true
    }

    /// `bytes` are the next normalised bytes of the message stream (valid UTF-8), of `view`.
    /// They may reach Vectorscan later: ``flush()`` before reading `matches`.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, let source = bytes.baseAddress else { return }
        if batchCount > 0 && (view != batchView || batchCount + bytes.count > Self.batchBytes) { flush() }
        batchView = view
        if bytes.count > Self.batchBytes {
            // One call, as before, from a staging of its own (rare: a view's slice over 16 KB).
            ScanStaging.withPlaced(bytes) { scanNow($0) }
            return
        }
        let buffer: UnsafeMutableRawPointer
        if let batch {
            buffer = batch
        } else {
            buffer = ScanStaging.allocate(capacity: Self.batchBytes)
            batch = buffer
        }
        (ScanStaging.start(buffer) + batchCount).update(from: source, count: bytes.count)
        batchCount += bytes.count
    }

    /// Hands the batched bytes to Vectorscan: `matches` is then complete for all text given.
    func flush() {
        guard batchCount > 0, let batch else { return }
        let count = batchCount
        batchCount = 0
        scanNow(ScanStaging.place(batch, count: count))
    }

    private func scanNow(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, open(), let stream, let sink, let base = bytes.baseAddress, let scratch = borrow() else {
            return
        }
        chunk = bytes
        chunkStart = recent.total
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let code = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
            hs_scan_stream(stream, chars, UInt32(clamping: bytes.count), 0, scratch, MatchSink.callback, context)
        }
        database.returnScratch(scratch)
        chunk = nil
        recent.append(bytes)
        chunkStart = recent.total
        findStarts()
        orderByEndStartId()
        check("hs_scan_stream", code)
    }

    /// Closes the stream so end-anchored patterns report; no scans after this.
    func close() {
        flush()
        guard let stream, let sink else { return }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        self.stream = nil
        guard let scratch = borrow() else {
            hs_close_stream(stream, nil, nil, nil)
            return
        }
        let code = hs_close_stream(stream, scratch, MatchSink.callback, context)
        database.returnScratch(scratch)
        findStarts()
        orderByEndStartId()
        check("hs_close_stream", code)
    }

    /// A scratch for one call only, not for the whole message: a connection spends most of
    /// its time waiting for the MTA or in other stages, so the pool then holds about one
    /// scratch per core (268 KB each for the shipped rules) instead of one per connection.
    private func borrow() -> OpaquePointer? {
        do throws(VectorscanError) {
            if let scratch = try database.borrowScratch() { return scratch }
        } catch {
            Log.error("pattern stream: \(error)")
        }
        failed = true
        return nil
    }

    private func check(_ function: StaticString, _ code: hs_error_t) {
        do throws(VectorscanError) {
            try hsCall(function, code)
        } catch {
            Log.error("pattern stream: \(error)")
            failed = true
        }
    }

    /// A report of `id`, and of every id compiled with it (``DuplicatePatterns``), in id order
    /// as they were given; the order within one end is settled by ``orderByEndStartId()``.
    private func record(_ id: UInt32, from: Int, to: Int) -> Bool {
        recordOne(id, from: from, to: to)
        for other in database.duplicates.others(id) { recordOne(other, from: from, to: to) }
        return true
    }

    private func recordOne(_ id: UInt32, from: Int, to: Int) {
        let index = Int(id)
        let known = index < database.startRule.count
        if known && counts.isEmpty { counts = [Int32](repeating: 0, count: database.startRule.count) }
        let seen = known ? counts[index] : otherCounts[id, default: 0]
        guard seen < maxPerPattern else {
            limitReached = true
            return
        }
        if known { counts[index] = seen + 1 } else { otherCounts[id] = seen + 1 }
        let rule = known ? database.startRule[index] : slowStartRule(id)
        let start: Int
        switch rule {
        case PatternDatabase.found:
            pending.append(matches.count)
            matches.append(PatternMatch(id: id, view: batchView, start: to, end: to, evidence: ""))
            return
        case PatternDatabase.approximate: start = max(0, to - PatternDatabase.approximateSpan)
        case PatternDatabase.reported: start = from
        default: start = max(0, to - Int(rule))
        }
        matches.append(PatternMatch(id: id, view: batchView, start: start, end: to, evidence: evidence(from: start, to: to)))
    }

    /// ``PatternDatabase/startRule`` from the tables, for ids outside that array.
    private func slowStartRule(_ id: UInt32) -> Int32 {
        if database.starts?.has(id) == true { return PatternDatabase.found }
        if let length = database.fixedLength[id] { return Int32(clamping: length) }
        return database.approximateStart.contains(id) ? PatternDatabase.approximate : PatternDatabase.reported
    }

    /// Once the chunk is in `recent`: one window per pattern, from ``windowStart(_:reach:)``
    /// of its first pending end to one byte past its last (the byte after decides a trailing `\b`,
    /// as it did for the stream). A start not found (never expected) falls back to the
    /// approximate one of patterns Vectorscan compiles without start-of-match.
    private func findStarts() {
        guard !pending.isEmpty, let finder = database.starts else { return }
        // Most chunks have one pattern pending, often one match: arrays, no dictionary or set.
        if pending.count == 1 {
            let index = pending[0]
            pending.removeAll(keepingCapacity: true)
            let id = matches[index].id
            let end = matches[index].end
            var starts = [max(0, end - PatternDatabase.approximateSpan)]
            let from = windowStart(end, reach: finder.width(id))
            _ = recent.withBytes(from: from, to: min(recent.total, end + 1)) { window in
                finder.referenceStarts(id: id, ends: [end], into: &starts, window: window, base: from)
            }
            matches[index].start = starts[0]
            matches[index].evidence = evidence(from: starts[0], to: end)
            return
        }
        while let next = pending.first {
            let id = matches[next].id
            var indices: [Int] = []
            var rest: [Int] = []
            for index in pending {
                if matches[index].id == id { indices.append(index) } else { rest.append(index) }
            }
            pending = rest
            var ends = indices.map { matches[$0].end }
            if ends.count > 1 { ends = Array(Set(ends)).sorted() }
            guard let first = ends.first, let last = ends.last else { continue }
            let from = windowStart(first, reach: finder.width(id))
            let to = min(recent.total, last + 1)
            var starts = ends.map { max(0, $0 - PatternDatabase.approximateSpan) }
            _ = recent.withBytes(from: from, to: to) { window in
                finder.referenceStarts(id: id, ends: ends, into: &starts, window: window, base: from)
            }
            for index in indices {
                let end = matches[index].end
                let start = ends.count == 1 ? starts[0] : ReferencePatternStream.index(of: end, in: ends).map { starts[$0] } ?? end
                matches[index].start = start
                matches[index].evidence = evidence(from: start, to: end)
            }
        }
    }

    /// Where the window for a match ending at `end` starts: the horizon before it, or, for a
    /// pattern whose matches are at most `reach` bytes long, one byte before the furthest
    /// start (a leading `\b` reads it), moved back to the first byte of its character, as
    /// the database is compiled for UTF-8 and must not start reading inside one. Exact: no
    /// start lies further back. On most messages the horizon reaches back to the first byte
    /// of the text, so this is what keeps a finder's scan short.
    private func windowStart(_ end: Int, reach: Int?) -> Int {
        let oldest = recent.oldest
        guard let reach, reach < Self.horizon else { return max(oldest, end - Self.horizon) }
        var from = end - reach - 1
        if from <= oldest { return oldest }
        while from > oldest, let byte = recent.byte(at: from), byte & 0xC0 == 0x80 { from -= 1 }
        return from
    }

    /// Puts the matches reported since the last call in (end, start descending, pattern id) order.
    ///
    /// Vectorscan reports mostly in end order, but the matches that end at one byte (and a
    /// match ending just before a longer one, ``\b`` waiting for the next byte) come in whatever
    /// order its engines give them, and that order changes with the database (with or without
    /// start-of-match, another Vectorscan release, one more rule). Rules read the first few of
    /// a lexicon (evidence, `near`), so the evidence a rule quotes would change with them.
    /// This order depends on the text and the pattern ids only. A late report goes back a
    /// byte or so, never far, so only the new matches and the ordered ones at or after the
    /// lowest new end are looked at, and an already ordered run is not sorted.
    /// Within one end the shorter match comes first (its start is later): with start-of-match
    /// in the stream, phrases mostly came before the longer regexes ending at the same byte,
    /// and this order changes the quoted evidence of 84 of the 4,724 messages of every set
    /// against that, longest-first 256 (docs/PERFORMANCE.md, stop 19). Verdicts, scores,
    /// rules and phones do not depend on the order.
    private func orderByEndStartId() {
        guard ordered < matches.count else { return }
        // Back to the first ordered match that a new one may have to go before: with a
        // trailing `\b` a match is reported once the next byte is seen, possibly in the next
        // chunk's scan, and not always before a longer one ending on that next byte.
        var lowest = matches[ordered].end
        for m in matches[ordered...] where m.end < lowest { lowest = m.end }
        var k = ordered
        while k > 0, matches[k - 1].end >= lowest { k -= 1 }
        var sorted = true
        var i = k + 1
        while i < matches.count {
            if Self.precedes(matches[i], matches[i - 1]) { sorted = false; break }
            i += 1
        }
        if !sorted { matches[k...].sort(by: Self.precedes) }
        ordered = matches.count
    }

    private static func precedes(_ a: PatternMatch, _ b: PatternMatch) -> Bool {
        if a.end != b.end { return a.end < b.end }
        if a.start != b.start { return a.start > b.start }
        return a.id < b.id
    }

    private func evidence(from: Int, to: Int) -> String {
        let start = max(from, to - Self.maxEvidenceBytes)
        // In one piece (all in this chunk, or all retained before it): no intermediate array.
        if let chunk, start >= chunkStart, start <= to, to - chunkStart <= chunk.count {
            return String(decoding: UnsafeBufferPointer(rebasing: chunk[(start - chunkStart)..<(to - chunkStart)]), as: UTF8.self)
        }
        if to <= chunkStart, let text = recent.withBytes(from: start, to: to, { String(decoding: $0, as: UTF8.self) }) {
            return text
        }
        var bytes: [UInt8] = []
        if start < chunkStart {
            bytes = recent.bytes(from: start, to: min(to, chunkStart)) ?? []
        }
        if let chunk, to > chunkStart {
            let a = max(start, chunkStart) - chunkStart
            let b = min(to - chunkStart, chunk.count)
            if a < b { bytes += chunk[a..<b] }
        }
        return String(decoding: bytes, as: UTF8.self)
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
}

extension StartFinder {
    /// (Reference) ``StartFinder/starts(id:ends:into:window:base:)`` as it was: a closure
    /// and two boxed arrays per call, the window copied to a staging allocated per call.
    func referenceStarts(id: UInt32, ends: [Int], into starts: inout [Int], window: UnsafeBufferPointer<UInt8>, base: Int) {
        guard let database = self.database(id), let bytes = window.baseAddress, !window.isEmpty,
            let (scratch, clonedAt) = borrowScratch(for: id, database)
        else { return }
        defer { returnScratch(scratch, clonedAt) }
        var result = starts
        var found = Array(repeating: false, count: ends.count)
        let sink = MatchSink { _, from, to in
            // Reports come in end order; the first for an end is its leftmost start.
            let end = base + to
            if let k = ReferencePatternStream.index(of: end, in: ends), !found[k] {
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
}
