internal import CVectorscan
import HooklineCore

/// One message's Vectorscan stream: every view's normalised text goes through it in order,
/// so phrases split across `text()` calls (or MIME chunks) still match, in bounded memory.
///
/// Text is handed to Vectorscan in runs of up to ``batchBytes``, not slice by slice, and
/// not view by view: each `hs_scan_stream` call loads and stores the whole stream state
/// (~2 KB for the shipped rules, ~3.6 k instructions) whatever its length, and the
/// analyzer's 1 KB slices and two-byte view separators made ~40 calls per message, one run
/// per view ~4.2.
///
/// A match's view is the view of the call that reported it when each view had runs of its
/// own, and still is: a run keeps where each view's bytes begin (``segments``), and a
/// match gets the view of the byte whose scan made Vectorscan report it. That byte is the
/// match's last (`to - 1`), or, for a pattern that ends in `\b` or `\B` on every path, the
/// one after it (`to`), which only that byte decides (``ReportTiming``, read from the
/// expression; a word of the ``WordTable`` is `\bword\b`). With one view a call, that byte
/// was in the call that reported the match, so its view was the call's; a match whose
/// deciding byte was never scanned is reported at the end of the stream, in the last call's
/// name, which is the last byte's view both ways. No other case exists: a match is never
/// reported before the byte that decides it, nor after the call that holds it. A pattern
/// that may end either way (`\bfoo\b|bar`) is read at `to - 1`, which is exact unless its
/// match ends where a view begins in the same call: a view that begins after a byte such a
/// match can end with (``PatternDatabase/mixedEnds``; the analyzer's views begin after a
/// newline, which none of the shipped ones ends with) begins a call instead. When some
/// expression is not read (``PatternDatabase/reportsLate`` empty), runs hold one view each,
/// as before. ``PatternStreamReferenceTests`` compares the views with the stream that had a
/// call per view over text with a view change at every byte. Which matches are reported is
/// Vectorscan's and should not depend on where calls end, but libvectorscan 5.4.9 can lose a
/// match that a call ends inside of or right after (that test found "£12" lost to a call
/// ending after "£"): the analyzer's views begin after "\n\n", which few matches span, and
/// `scan --json` over the corpus is unchanged.
///
/// The work and everything it changes are ``PatternStreamState``'s, reached through a
/// pointer, as ``TextAnalyzer`` reaches its state: as stored properties of this class, each
/// access was a run-time exclusivity check (~85 instructions), several per match, and as one
/// stored struct still one per `scan` and per `view` set (~50 a message, ~6 k instructions).
/// Nothing else holds the pointer, and one thread drives a stream at a time.
final class PatternStream {
    private let state: UnsafeMutablePointer<PatternStreamState>

    static let horizon = 1 << 16
    static let batchBytes = 16 * 1024
    /// The most views one call holds (a run is scanned when one more would begin), so a
    /// match's view is found in a few steps whatever the text.
    static let maxSegments = 16
    static let maxEvidenceBytes = 160
    /// A bounded pattern's ends share one start finder window while the next end's window
    /// would begin at most this far past the last one's end: a finder scan costs ~5 k
    /// instructions whatever its length, a byte of window ~13 (the profile sample's 451 finder
    /// scans), so a gap shorter than this is cheaper to scan than a second call.
    static let joinGap = 512

    init(database: PatternDatabase, limits: Limits) {
        state = UnsafeMutablePointer<PatternStreamState>.allocate(capacity: 1)
        state.initialize(
            to: PatternStreamState(database: database, maxPerPattern: Int32(clamping: limits.maxMatchesPerPattern)))
        if let kept = database.streamPool.take() { state.pointee.adopt(kept) }
    }

    deinit {
        if let kept = state.pointee.giveBuffers() { state.pointee.database.streamPool.give(kept) }
        state.pointee.release()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Complete for the text handed to Vectorscan (``flush()`` hands it all): starts still
    /// to be found are found first.
    var matches: [PatternMatch] {
        state.pointee.settleStarts()
        return state.pointee.matches
    }
    var limitReached: Bool { state.pointee.limitReached }
    /// The view of the bytes `scan` is given next.
    var view: TextView {
        get { state.pointee.view }
        set { state.pointee.view = newValue }
    }

    /// `bytes` are the next normalised bytes of the message stream (valid UTF-8), of `view`.
    /// They may reach Vectorscan later: ``flush()`` before reading `matches`.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) { state.pointee.scan(bytes) }

    /// Hands the batched bytes to Vectorscan: `matches` is then complete for all text given.
    func flush() { state.pointee.flush() }

    /// Closes the stream so end-anchored patterns report; no scans after this.
    func close() { state.pointee.close() }
}

/// ``PatternStream``'s state and work. Vectorscan's match callback reaches it through a
/// pointer for the duration of one call (`withUnsafeMutablePointer(to: &self)`), so recording
/// a match is plain struct code: no class, closure or exclusivity check per match.
struct PatternStreamState {
    let database: PatternDatabase
    private let maxPerPattern: Int32
    /// ``PatternDatabase/startRule`` and ``PatternDatabase/duplicates``, held here so a match
    /// reads them without going through the class.
    private let startRule: [Int32]
    private let duplicates: DuplicatePatterns
    private let finder: StartFinder?
    /// ``PatternDatabase/shapes``: starts read without a finder scan where they can be.
    private let shapes: StartShapes?
    /// ``PatternDatabase/words``: the one-word phrases, found here, not by Vectorscan.
    private let words: WordTable?
    /// ``PatternDatabase/reportsLate``; empty: a run holds one view.
    private let reportsLate: [Bool]
    /// ``PatternDatabase/mixedEnds``: a view that begins after one of these bytes begins a call.
    private let mixedEnds: ByteSet
    /// Where each view's bytes begin in the run being built or scanned (stream offsets), and
    /// its view: a new segment at each change of view, ``segmentCount`` of them (none between
    /// calls), in room for ``PatternStream/maxSegments`` allocated at the first text.
    private var segments: UnsafeMutablePointer<ViewSegment>?
    private var segmentCount = 0
    /// The run of word bytes (to `\b`) the stream ends in so far (``WordTable/Run``).
    private var wordRun = WordTable.Run()
    private var stream: OpaquePointer?
    /// A stream as just opened (reset, or kept from a finished message), taken by ``open()``
    /// before it opens another.
    private var idle: OpaquePointer?
    private var failed = false

    private(set) var matches: [PatternMatch] = []
    private(set) var limitReached = false
    /// Where the next match's evidence goes (``EvidenceChunk``), and how much of it is used.
    private var evidenceChunk: EvidenceChunk?
    private var evidenceUsed = 0
    /// Matches recorded per pattern id (for `maxPerPattern`): a table of the patterns that
    /// matched, not an array over all ~2,600 ids (10 KB allocated and zeroed per message).
    private var counts = MatchCounts()

    /// Recent normalised text, for evidence (matches report offsets, not text) and for
    /// ``StartFinder``'s windows: as far back as the stream's own start-of-match horizon
    /// (`HS_MODE_SOM_HORIZON_SMALL`, 2^16 bytes), so a found start is exact wherever the
    /// stream's would have been. Grows with the message, at most this much.
    /// It also holds the batch just scanned, so every match of it has its full horizon.
    private var recent = ByteRing(capacity: PatternStream.horizon + PatternStream.batchBytes)
    /// Matches (indices into `matches`) whose start ``StartFinder`` has yet to find.
    private var pending: [Int] = []
    /// One pattern's distinct pending ends and their starts, reused from call to call.
    private var ends: [Int] = []
    private var starts: [Int] = []
    /// How many of `matches` are in their final order (``orderByEndStartId()``).
    private var ordered = 0
    /// A match waiting for its start ends at the last byte of the call being scanned.
    private var endsAtCallEnd = false
    private var chunk: UnsafeBufferPointer<UInt8>?
    private var chunkStart = 0
    var view: TextView = .plain
    /// The view of the last byte given (the last segment's), and of the matches reported
    /// at the end of the stream.
    private var batchView: TextView = .plain
    /// Bytes not yet handed to Vectorscan (``segments``); allocated at the first text.
    /// Every call to Vectorscan is given its bytes from here, ending on a 64-byte boundary
    /// (``ScanStaging``), never from the caller's buffer: where a buffer ends in memory
    /// decided whether Vectorscan reported a match near its end.
    private var batch: UnsafeMutableRawPointer?
    private var batchCount = 0
    /// Where a start finder's window is staged (``ScanStaging``), grown to the longest
    /// window so far; copied there from `recent` directly, not through a buffer per call.
    private var window: UnsafeMutableRawPointer?
    private var windowCapacity = 0

    init(database: PatternDatabase, maxPerPattern: Int32) {
        self.database = database
        self.maxPerPattern = maxPerPattern
        startRule = database.startRule
        duplicates = database.duplicates
        finder = database.starts
        shapes = database.shapes
        words = database.words
        reportsLate = database.reportsLate
        mixedEnds = database.mixedEnds
    }

    /// Takes a finished message's buffers (``PatternStreamPool``): only into a state just
    /// built, before any text.
    mutating func adopt(_ kept: PatternStreamBuffers) {
        idle = kept.stream
        batch = kept.batch
        segments = kept.segments
        window = kept.window
        windowCapacity = kept.windowCapacity
        recent = kept.recent
        pending = kept.pending
        ends = kept.ends
        starts = kept.starts
    }

    /// The buffers worth keeping for another message, emptied and taken out of this state (so
    /// ``release()`` leaves them), or nil when this state has none worth keeping or its stream
    /// cannot be reset. Called by the owner's `deinit` only.
    mutating func giveBuffers() -> PatternStreamBuffers? {
        var ready = idle
        idle = nil
        if let open = stream {
            // A message that did not reach `close()` (aborted): its stream reset unheard.
            stream = nil
            if ready == nil && hs_reset_stream(open, 0, nil, nil, nil) == HS_SUCCESS {
                ready = open
            } else {
                hs_close_stream(open, nil, nil, nil)
            }
        }
        if ready == nil && batch == nil { return nil }
        var kept = PatternStreamBuffers(recent: recent.emptied(keepingAtMost: PatternStreamBuffers.maxRingBytes))
        kept.stream = ready
        kept.batch = batch
        kept.segments = segments
        segments = nil
        if windowCapacity <= PatternStreamBuffers.maxWindowBytes {
            kept.window = window
            kept.windowCapacity = windowCapacity
            window = nil
        }
        kept.pending = Self.emptied(&pending)
        kept.ends = Self.emptied(&ends)
        kept.starts = Self.emptied(&starts)
        batch = nil
        return kept
    }

    /// `array` emptied, with its capacity when it is small and not shared; `array` is left empty.
    private static func emptied(_ array: inout [Int]) -> [Int] {
        var out: [Int] = []
        swap(&out, &array)
        if out.capacity > PatternStreamBuffers.maxIndices { return [] }
        out.removeAll(keepingCapacity: true)
        return out
    }

    /// Frees what the state holds (the owner's `deinit`).
    mutating func release() {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
        stream = nil
        if let idle { hs_close_stream(idle, nil, nil, nil) }
        idle = nil
        batch?.deallocate()
        batch = nil
        segments?.deallocate()
        segments = nil
        window?.deallocate()
        window = nil
    }

    /// Opened on first text: messages with no text never touch Vectorscan.
    private mutating func open() -> Bool {
        if stream != nil { return true }
        if failed || database.database == nil || database.mode != .stream { return false }
        if let idle {
            stream = idle
            self.idle = nil
            return true
        }
        do throws(VectorscanError) {
            var opened: OpaquePointer?
            try hsCall("hs_open_stream", hs_open_stream(database.database, 0, &opened))
            stream = opened
        } catch {
            Log.error("pattern stream: \(error)")
            failed = true
            return false
        }
        return true
    }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, let source = bytes.baseAddress else { return }
        if batchCount > 0 && (batchCount + bytes.count > PatternStream.batchBytes || (view != batchView && !joins())) {
            scanBatch()
        }
        if batchCount == 0 || view != batchView {
            let room: UnsafeMutablePointer<ViewSegment>
            if let segments {
                room = segments
            } else {
                room = UnsafeMutablePointer<ViewSegment>.allocate(capacity: PatternStream.maxSegments)
                segments = room
            }
            // Always room: a batch with the most segments is scanned before another begins.
            if segmentCount < PatternStream.maxSegments {
                room[segmentCount] = ViewSegment(start: recent.total + batchCount, view: view)
                segmentCount += 1
            }
        }
        batchView = view
        if bytes.count > PatternStream.batchBytes {
            // One call, as before, from a staging of its own (rare: a view's slice over 16 KB).
            let staging = ScanStaging.allocate(capacity: bytes.count)
            defer { staging.deallocate() }
            ScanStaging.start(staging).update(from: source, count: bytes.count)
            scanNow(ScanStaging.place(staging, count: bytes.count))
            return
        }
        let buffer: UnsafeMutableRawPointer
        if let batch {
            buffer = batch
        } else {
            buffer = ScanStaging.allocate(capacity: PatternStream.batchBytes)
            batch = buffer
        }
        (ScanStaging.start(buffer) + batchCount).update(from: source, count: bytes.count)
        batchCount += bytes.count
    }

    /// Whether the bytes of a new view join the batch's call: every match that could end
    /// where they begin gets the view it got in a call of its own (see ``PatternStream``).
    private func joins() -> Bool {
        guard !reportsLate.isEmpty, segmentCount < PatternStream.maxSegments, let batch else { return false }
        return !mixedEnds.contains(ScanStaging.start(batch)[batchCount - 1])
    }

    mutating func flush() {
        scanBatch()
        settleStarts()
    }

    /// Hands the batched bytes to Vectorscan; starts may still wait (``settleStarts()``).
    private mutating func scanBatch() {
        guard batchCount > 0, let batch else { return }
        let count = batchCount
        batchCount = 0
        scanNow(ScanStaging.place(batch, count: count))
    }

    /// Vectorscan's reports, to the state whose address the call was given.
    private static let onMatch: match_event_handler = { id, from, to, _, context in
        guard let context else { return 0 }
        context.assumingMemoryBound(to: PatternStreamState.self).pointee.record(
            id, from: Int(clamping: from), to: Int(clamping: to))
        return 0
    }

    private mutating func scanNow(_ bytes: UnsafeBufferPointer<UInt8>) {
        defer { segmentCount = 0 }
        guard !bytes.isEmpty, open(), let stream, let base = bytes.baseAddress, let scratch = borrow() else {
            return
        }
        // Starts are found once per pattern for all the calls before, while the text is within
        // the horizon; the first call past it settles what waits first (see ``settleStarts()``).
        if recent.total + bytes.count > PatternStream.horizon { settleStarts() }
        chunk = bytes
        chunkStart = recent.total
        let code = withUnsafeMutablePointer(to: &self) { state in
            base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                hs_scan_stream(stream, chars, UInt32(clamping: bytes.count), 0, scratch, Self.onMatch, state)
            }
        }
        if let words { scanWords(bytes, words) }
        database.returnScratch(scratch)
        chunk = nil
        recent.append(bytes)
        chunkStart = recent.total
        if recent.total > PatternStream.horizon || endsAtCallEnd {
            settleStarts()
            endsAtCallEnd = false
        }
        check("hs_scan_stream", code)
    }

    mutating func close() {
        flush()
        guard let stream else { return }
        self.stream = nil
        guard let scratch = borrow() else {
            hs_close_stream(stream, nil, nil, nil)
            return
        }
        // The end of the stream is a word boundary: a word it ends in is reported now, as
        // Vectorscan reports its own matches that wait for the next byte.
        if let words, wordRun.length > 0 {
            if wordRun.length <= WordTable.maxBytes {
                recordWord(words, words.find(UInt64(wordRun.key)), end: recent.total)
            }
            wordRun = WordTable.Run()
        }
        // Reset rather than closed: the same end-of-data reports (Vectorscan's reset is a
        // close and an open), and the stream stays for the next message (``giveBuffers()``).
        let code = withUnsafeMutablePointer(to: &self) { state in
            hs_reset_stream(stream, 0, scratch, Self.onMatch, state)
        }
        database.returnScratch(scratch)
        if code == HS_SUCCESS { idle = stream } else { hs_close_stream(stream, nil, nil, nil) }
        findStarts()
        orderByEndStartId()
        check("hs_reset_stream", code)
    }

    /// Finds the starts of the matches that wait for one (``findStarts()``) and puts the
    /// matches in their order (``orderByEndStartId()``).
    ///
    /// While the stream is within the horizon this waits for ``flush()``, ``close()`` or a
    /// read of ``PatternStream/matches``, so a pattern that matches in several calls (a
    /// message's views, each its own call) is run once per run of nearby ends (``joinGap``),
    /// not once per call: 451 finder scans over the profile sample became 338, 5,388 over the
    /// synthetic mix 3,883 (docs/PERFORMANCE.md, stop 25). Exact as the window
    /// per call was: a pattern's window starts where no match ending at its first end can
    /// start (``windowStart(_:reach:)``), so no later end's match starts before it either, and
    /// within the horizon nothing has left the ring (an unbounded pattern's window starts at
    /// the stream's first byte both ways). Past the horizon an unbounded window starts a
    /// horizon before its end and the ring drops bytes, so there starts are found after every
    /// call, as before, and what waits is settled before the call that crosses it. The order
    /// is one total order of (end, start, id), whatever the calls it is settled in. A window
    /// ends one byte past its last end, or where the text ended when the last end is the end
    /// of the text: a call whose match waiting for a start ends at its last byte settles
    /// right after it, so every end is read with the same byte after it (or none) as before.
    mutating func settleStarts() {
        findStarts()
        orderByEndStartId()
    }

    /// A scratch for one call only, not for the whole message: a connection spends most of
    /// its time waiting for the MTA or in other stages, so the pool then holds about one
    /// scratch per core (268 KB each for the shipped rules) instead of one per connection.
    private mutating func borrow() -> OpaquePointer? {
        do throws(VectorscanError) {
            if let scratch = try database.borrowScratch() { return scratch }
        } catch {
            Log.error("pattern stream: \(error)")
        }
        failed = true
        return nil
    }

    private mutating func check(_ function: StaticString, _ code: hs_error_t) {
        do throws(VectorscanError) {
            try hsCall(function, code)
        } catch {
            Log.error("pattern stream: \(error)")
            failed = true
        }
    }

    /// The table's words in the bytes of this call (``chunk``, from stream offset
    /// ``chunkStart``), reported when the byte after each is read, as Vectorscan reports
    /// `\bword\b`: a word that ends the bytes waits for the next call (or ``close()``).
    /// ``WordTable/scan(_:run:_:)`` hands over only the words short enough to be the table's.
    private mutating func scanWords(_ bytes: UnsafeBufferPointer<UInt8>, _ table: WordTable) {
        let base = chunkStart
        var run = wordRun
        table.scan(bytes, run: &run) { end, found in recordWord(table, found, end: base + end) }
        wordRun = run
    }

    /// A table word ending at `end`, for each of its ids (`found`, from ``WordTable/find(_:)``):
    /// what a report of each from Vectorscan records (its fixed length gives the start).
    private mutating func recordWord(_ table: WordTable, _ found: Range<Int>, end: Int) {
        let view = segmentCount > 1 ? viewOf(end) : batchView
        for i in found { recordOne(table.id(i), from: end, to: end, view: view) }
    }

    /// A report of `id`, and of every id compiled with it (``DuplicatePatterns``), in id order
    /// as they were given; the order within one end is settled by ``orderByEndStartId()``.
    fileprivate mutating func record(_ id: UInt32, from: Int, to: Int) {
        var view = batchView
        if segmentCount > 1 {
            let index = Int(id)
            view = viewOf(index < reportsLate.count && reportsLate[index] ? to : to - 1)
        }
        recordOne(id, from: from, to: to, view: view)
        let others = duplicates.others(id)
        if !others.isEmpty { for other in others { recordOne(other, from: from, to: to, view: view) } }
    }

    /// The view of the byte at stream offset `at` of the call being scanned (the first
    /// segment's for a byte before the call: a report decided by the byte the call begins with).
    private func viewOf(_ at: Int) -> TextView {
        guard let segments else { return batchView }
        var k = segmentCount - 1
        while k > 0 && segments[k].start > at { k -= 1 }
        return segments[k].view
    }

    private mutating func recordOne(_ id: UInt32, from: Int, to: Int, view: TextView) {
        guard counts.add(id, limit: maxPerPattern) else {
            limitReached = true
            return
        }
        // Most messages with a match have a few dozen: no growth through 1, 2, 4, … copies.
        if matches.isEmpty { matches.reserveCapacity(64) }
        let index = Int(id)
        let rule = index < startRule.count ? startRule[index] : slowStartRule(id)
        let start: Int
        switch rule {
        case PatternDatabase.found:
            // Its window must end where this call's text ends, as it did when starts were found
            // after every call: the byte after it is not known to Vectorscan yet.
            if let chunk, to >= chunkStart + chunk.count { endsAtCallEnd = true }
            pending.append(matches.count)
            matches.append(PatternMatch(id: id, view: view, start: to, end: to, chunk: nil, offset: 0, length: 0))
            return
        case PatternDatabase.approximate: start = max(0, to - PatternDatabase.approximateSpan)
        case PatternDatabase.reported: start = from
        default: start = max(0, to - Int(rule))
        }
        let (offset, length) = keepEvidence(from: start, to: to)
        matches.append(
            PatternMatch(
                id: id, view: view, start: start, end: to, chunk: length > 0 ? evidenceChunk : nil, offset: offset,
                length: length))
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
    ///
    /// The pending matches are sorted by (pattern, end), so each pattern's distinct ends are
    /// a run: no array per pattern, no set. The order patterns are done in changes nothing
    /// (each window is scanned on its own).
    private mutating func findStarts() {
        guard !pending.isEmpty, let finder else { return }
        var queue: [Int] = []
        swap(&queue, &pending)
        if queue.count > 1 {
            let all = matches
            queue.sort { a, b in
                all[a].id != all[b].id ? all[a].id < all[b].id : all[a].end < all[b].end
            }
        }
        var g = 0
        while g < queue.count {
            let id = matches[queue[g]].id
            var h = g
            ends.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            while h < queue.count, matches[queue[h]].id == id {
                let end = matches[queue[h]].end
                if ends.last != end {
                    ends.append(end)
                    starts.append(max(0, end - PatternDatabase.approximateSpan))
                }
                h += 1
            }
            // Read from the text when every end's start can be (``StartShapes``), else found
            // by the finder for all of them, as before.
            if let shapes, shapes.has(id), startsFromShapes(shapes, id) {
                assignStarts(queue, g, h)
                g = h
                continue
            }
            // One window per run of ends close enough to share it (every end of an unbounded
            // pattern: its windows all start at the horizon; one whose matches hold at most a
            // few white-space bytes starts at the one before them, ``SeparatorBound``). Any
            // split is exact: each window starts where no match ending at its first end can start.
            let reach = finder.width(id)
            let separators = reach == nil ? finder.separators(id) : nil
            var c = 0
            var from = 0
            if let separators, !ends.isEmpty { from = separatorStart(ends[0], separators, after: nil) }
            while c < ends.count {
                var d = c
                if let reach {
                    from = windowStart(ends[c], reach: reach)
                    while d + 1 < ends.count, ends[d + 1] - reach <= ends[d] + PatternStream.joinGap { d += 1 }
                } else if let separators {
                    // `from` is this run's first end's; the next end joins while its own window
                    // would start within the gap (its start is then not needed).
                    while d + 1 < ends.count {
                        let next = separatorStart(ends[d + 1], separators, after: ends[d] + PatternStream.joinGap)
                        if next > ends[d] + PatternStream.joinGap {
                            runFinder(finder, id: id, from: from, to: min(recent.total, ends[d] + 1))
                            from = next
                            c = d + 1
                        }
                        d += 1
                    }
                } else {
                    from = windowStart(ends[c], reach: nil)
                    d = ends.count - 1
                }
                runFinder(finder, id: id, from: from, to: min(recent.total, ends[d] + 1))
                c = d + 1
            }
            assignStarts(queue, g, h)
            g = h
        }
        queue.removeAll(keepingCapacity: true)
        swap(&queue, &pending)
    }

    /// Writes `starts` (one per distinct end in `ends`) into the matches `queue[g ..< h]`, one
    /// pattern's, in end order, with their evidence.
    private mutating func assignStarts(_ queue: [Int], _ g: Int, _ h: Int) {
        var j = 0
        for k in g..<h {
            let index = queue[k]
            let end = matches[index].end
            while j < ends.count - 1, ends[j] != end { j += 1 }
            let start = starts[j]
            let (offset, length) = keepEvidence(from: start, to: end)
            matches[index].start = start
            matches[index].evidenceChunk = length > 0 ? evidenceChunk : nil
            matches[index].evidenceOffset = offset
            matches[index].evidenceLength = length
        }
    }

    /// Reads the start of each of `ends` from `recent` (``StartShapes``) into `starts`; false,
    /// leaving `starts` as they were, when any of them cannot be read (the finder then finds
    /// them all: its windows and answers are the same as without this).
    private mutating func startsFromShapes(_ shapes: StartShapes, _ id: UInt32) -> Bool {
        for k in ends.indices {
            guard let start = shapes.start(id, end: ends[k], in: recent) else {
                for r in 0..<k { starts[r] = max(0, ends[r] - PatternDatabase.approximateSpan) }
                return false
            }
            starts[k] = start
        }
        return true
    }

    /// Stages `recent`'s bytes `from ..< to` and has `finder` write the starts of `ends` into
    /// `starts`; leaves them as they are when the window is empty or no longer held.
    private mutating func runFinder(_ finder: StartFinder, id: UInt32, from: Int, to: Int) {
        let n = to - from
        guard n > 0 else { return }
        if windowCapacity < n {
            window?.deallocate()
            windowCapacity = max(n, 2 * windowCapacity, 4096)
            window = ScanStaging.allocate(capacity: windowCapacity)
        }
        guard let window else { return }
        let slot = ScanStaging.slot(window, count: n)
        guard recent.copy(from: from, to: to, into: slot) else { return }
        var ends: [Int] = []
        var starts: [Int] = []
        swap(&ends, &self.ends)
        swap(&starts, &self.starts)
        ends.withUnsafeBufferPointer { e in
            starts.withUnsafeMutableBufferPointer { s in
                finder.starts(id: id, ends: e, into: s, placed: UnsafeBufferPointer(slot), base: from)
            }
        }
        swap(&ends, &self.ends)
        swap(&starts, &self.starts)
    }

    /// Where the window for a match of a pattern of unbounded width ending at `end` starts,
    /// when a match holds at most `separators` white-space bytes (``SeparatorBound``): at the
    /// `separators + 1`-th before `end` (no match starts there or before, and a leading `\b`
    /// reads it), or the horizon's start when there are fewer. `after`: when given, the search
    /// stops there and answers `after` if it has not found the byte past it (the caller only
    /// asks whether the start is past `after`: if not, the end joins a window that starts
    /// earlier, which is as exact), so joining a run of ends reads each byte of the text once.
    private func separatorStart(_ end: Int, _ separators: Int, after: Int?) -> Int {
        let lowest = windowStart(end, reach: nil)
        let floor = max(lowest, (after ?? lowest - 1) + 1)
        var seen = 0
        var at = end - 1
        while at >= floor {
            if let byte = recent.byte(at: at), SeparatorBound.isSeparator(byte) {
                seen += 1
                if seen > separators { return at }
            }
            at -= 1
        }
        return after ?? lowest
    }

    /// Where the window for a match ending at `end` starts: the horizon before it, or, for a
    /// pattern whose matches are at most `reach` bytes long, one byte before the furthest
    /// start (a leading `\b` reads it), moved back to the first byte of its character, as
    /// the database is compiled for UTF-8 and must not start reading inside one. Exact: no
    /// start lies further back. On most messages the horizon reaches back to the first byte
    /// of the text, so this is what keeps a finder's scan short.
    private func windowStart(_ end: Int, reach: Int?) -> Int {
        let oldest = recent.oldest
        guard let reach, reach < PatternStream.horizon else { return max(oldest, end - PatternStream.horizon) }
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
    private mutating func orderByEndStartId() {
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
            if Self.precedes(matches[i], matches[i - 1]) {
                sorted = false
                break
            }
            i += 1
        }
        if !sorted { Self.insertionSort(&matches, from: k) }
        ordered = matches.count
    }

    /// Sorts `matches[from...]` in place. The run is ordered but for a few late reports a
    /// byte or so back, so each moves a step or two: an insertion sort in the array's own
    /// buffer. (`matches[k...].sort` copied the slice out, sorted it with a merge buffer and
    /// copied it back, retaining and releasing every evidence string on the way.) Stable, as
    /// that sort was; `precedes` orders any two distinct matches anyway. A run that needs more
    /// moves than a few a match (many patterns ending at one byte, in no order) is sorted in
    /// place by the library instead, so no text makes this quadratic. (A bound on the run's
    /// length did that before, and sent a message's whole run to the library sort once its
    /// views shared a call.)
    static func insertionSort(_ matches: inout [PatternMatch], from: Int) {
        matches.withUnsafeMutableBufferPointer { buffer in
            var moves = 4 * (buffer.count - from) + 64
            var i = from + 1
            while i < buffer.count {
                var j = i
                while j > from, precedes(buffer[j], buffer[j - 1]) {
                    moves -= 1
                    if moves < 0 {
                        buffer[from...].sort(by: precedes)
                        return
                    }
                    buffer.swapAt(j, j - 1)
                    j -= 1
                }
                i += 1
            }
        }
    }

    static func precedes(_ a: PatternMatch, _ b: PatternMatch) -> Bool {
        if a.end != b.end { return a.end < b.end }
        if a.start != b.start { return a.start > b.start }
        return a.id < b.id
    }

    /// Copies the evidence of a match `from ..< to` (its last ``PatternStream/maxEvidenceBytes``)
    /// into `evidenceChunk`, starting another when it has no room, and answers where it is:
    /// the bytes the tests' reference (``ReferencePatternStream``) decodes, in the same pieces
    /// (from this chunk, from `recent`, or the part `recent` still holds and the chunk's part).
    private mutating func keepEvidence(from: Int, to: Int) -> (Int32, Int32) {
        let start = max(from, to - PatternStream.maxEvidenceBytes)
        let most = max(0, to - start)
        if most == 0 { return (0, 0) }
        if evidenceChunk == nil || evidenceUsed + most > EvidenceChunk.bytes {
            evidenceChunk = EvidenceChunk()
            evidenceUsed = 0
        }
        guard let block = evidenceChunk else { return (0, 0) }
        let at = evidenceUsed
        let target = block.base + at
        var n = 0
        if let chunk, let source = chunk.baseAddress, start >= chunkStart, to - chunkStart <= chunk.count {
            n = to - start
            target.update(from: source + (start - chunkStart), count: n)
        } else if to <= chunkStart {
            if recent.copy(from: start, to: to, into: UnsafeMutableBufferPointer(start: target, count: most)) {
                n = to - start
            }
        } else {
            if start < chunkStart {
                let head = min(to, chunkStart) - start
                if recent.copy(from: start, to: start + head, into: UnsafeMutableBufferPointer(start: target, count: head)) {
                    n = head
                }
            }
            if let chunk, let source = chunk.baseAddress {
                let a = max(start, chunkStart) - chunkStart
                let b = min(to - chunkStart, chunk.count)
                if a < b {
                    (target + n).update(from: source + a, count: b - a)
                    n += b - a
                }
            }
        }
        evidenceUsed = at + n
        return (Int32(at), Int32(n))
    }
}

/// Where a view's bytes begin in a call's run (a stream offset), and the view.
struct ViewSegment {
    var start: Int
    var view: TextView
}

extension PatternStream {
    /// Makes this stream what ``init(database:limits:)`` made, for another message of the
    /// same analyzer (``TextAnalyzer/reset()``): its buffers stay here instead of passing
    /// through the database's pool, and the state that says what a message matched is built
    /// new, as `deinit` and `init` would leave it.
    func reset() { state.pointee.reset() }
}

extension PatternStreamState {
    /// Every stored `var` set as `init` sets it, the buffers as `deinit` and ``adopt(_:)``
    /// leave them, field by field: `self = PatternStreamState(...)` built the new state aside,
    /// copied it (a retain of each of its references) and destroyed the original. The `let`s
    /// are the database's and stay.
    mutating func reset() {
        let kept = giveBuffers()
        release()
        windowCapacity = 0
        segmentCount = 0
        wordRun = WordTable.Run()
        failed = false
        matches = []
        limitReached = false
        evidenceChunk = nil
        evidenceUsed = 0
        counts = MatchCounts()
        ordered = 0
        endsAtCallEnd = false
        chunk = nil
        chunkStart = 0
        view = .plain
        batchView = .plain
        batchCount = 0
        if let kept {
            adopt(kept)
        } else {
            recent = ByteRing(capacity: PatternStream.horizon + PatternStream.batchBytes)
            pending = []
            ends = []
            starts = []
        }
    }
}
