internal import CVectorscan
import HooklineCore

/// One message's Vectorscan stream: every view's normalised text goes through it in order,
/// so phrases split across `text()` calls (or MIME chunks) still match, in bounded memory.
final class PatternStream {
    private let database: PatternDatabase
    private let maxPerPattern: Int
    private var stream: OpaquePointer?
    private var failed = false
    private var sink: MatchSink?

    private(set) var matches: [PatternMatch] = []
    private(set) var limitReached = false
    private var counts: [UInt32: Int] = [:]

    /// Recent normalised text, for evidence; matches report offsets, not text.
    private var recent = ByteRing(capacity: 1024)
    private var chunk: UnsafeBufferPointer<UInt8>?
    private var chunkStart = 0
    var view: TextView = .plain

    static let maxEvidenceBytes = 160

    init(database: PatternDatabase, limits: Limits) {
        self.database = database
        self.maxPerPattern = limits.maxMatchesPerPattern
    }

    deinit {
        if let stream { hs_close_stream(stream, nil, nil, nil) }
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

    /// `bytes` are the next normalised bytes of the message stream (valid UTF-8).
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
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
        check("hs_scan_stream", code)
    }

    /// Closes the stream so end-anchored patterns report; no scans after this.
    func close() {
        guard let stream, let sink else { return }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        self.stream = nil
        guard let scratch = borrow() else {
            hs_close_stream(stream, nil, nil, nil)
            return
        }
        let code = hs_close_stream(stream, scratch, MatchSink.callback, context)
        database.returnScratch(scratch)
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

    private func record(_ id: UInt32, from: Int, to: Int) -> Bool {
        let seen = counts[id, default: 0]
        guard seen < maxPerPattern else {
            limitReached = true
            return true
        }
        counts[id] = seen + 1
        let start: Int
        if let length = database.fixedLength[id] {
            start = max(0, to - length)
        } else {
            start = database.approximateStart.contains(id) ? max(0, to - PatternDatabase.approximateSpan) : from
        }
        matches.append(PatternMatch(id: id, view: view, start: start, end: to, evidence: evidence(from: start, to: to)))
        return true
    }

    private func evidence(from: Int, to: Int) -> String {
        let start = max(from, to - Self.maxEvidenceBytes)
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
}
