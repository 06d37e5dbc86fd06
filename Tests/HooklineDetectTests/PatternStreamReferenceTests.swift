import HooklineCore
import XCTest
@testable import HooklineDetect

/// ``PatternStream`` keeps its state in one struct, counts matches in a small table, finds
/// starts without arrays, sets or closures per call and stages finder windows straight from
/// the ring: every match (id, view, start, end, evidence, order) and the limit flag must be
/// what the stream as it was (``ReferencePatternStream``) gives, call for call, on generated
/// text cut at random points, across views, batches, the horizon and the per-pattern limit.
final class PatternStreamReferenceTests: XCTestCase {
    static let specs = [
        PatternSpec(id: 0, expression: "call us now", length: 11),
        PatternSpec(id: 1, expression: "\\bcall(?: \\S+){0,3} (?:us|now)\\b"),
        // The same expression and flags as 1: compiled once, reported to both.
        PatternSpec(id: 2, expression: "\\bcall(?: \\S+){0,3} (?:us|now)\\b"),
        PatternSpec(id: 3, expression: "\\b(?:team|desk|agents?) (?:at|on) \\+?\\(?\\d"),
        // Unbounded: its window reaches back to the horizon.
        PatternSpec(id: 4, expression: "(?:the )+desk"),
        // Anchored: start-of-match in the stream, reported start.
        PatternSpec(id: 5, expression: "refund desk$"),
        PatternSpec(id: 6, expression: "\\bpending (?:activation|verification)\\b"),
        PatternSpec(id: 7, expression: "(?:お客様 )?電話 (?:us|now)"),
        PatternSpec(id: 8, expression: "^call"),
        PatternSpec(id: 9, expression: "desk", length: 4),
        PatternSpec(id: 10, expression: "[$€£]\\d{1,3}(?:,\\d{3})*\\b"),
        PatternSpec(id: 11, expression: "desk", length: 4),
        PatternSpec(id: 12, expression: "\\bthe(?: \\S+)* now\\b"),
    ]
    static let words = [
        "call", "us", "now", "the", "desk", "team", "agent", "agents", "at", "on", "+1", "(8", "pending",
        "verification", "activation", "refund", "電話", "お客様", "é", "$5", "€1,000", "£12,345,678", "xcall", "\n\n",
        "ü", "lorem", "ipsum",
    ]

    struct Run {
        var views: [(TextView, [[UInt8]])]
        var flushes: Set<Int>
    }

    static func describe(_ matches: [PatternMatch]) -> [String] {
        matches.map { "\($0.id)|\($0.view)|\($0.start)|\($0.end)|\($0.evidence)" }
    }

    /// Feeds one run to the new stream and to the reference, in the same calls.
    func compare(_ run: Run, database: PatternDatabase, limits: Limits, _ label: String) -> Int {
        let new = PatternStream(database: database, limits: limits)
        let old = ReferencePatternStream(database: database, limits: limits)
        var call = 0
        for (view, chunks) in run.views {
            new.view = view
            old.view = view
            for chunk in chunks {
                chunk.withUnsafeBufferPointer {
                    new.scan($0)
                    old.scan($0)
                }
                if run.flushes.contains(call) {
                    new.flush()
                    old.flush()
                    XCTAssertEqual(Self.describe(new.matches), Self.describe(old.matches), "\(label), flush at \(call)")
                }
                call += 1
            }
        }
        new.close()
        old.close()
        XCTAssertEqual(Self.describe(new.matches), Self.describe(old.matches), label)
        XCTAssertEqual(new.limitReached, old.limitReached, label)
        return new.matches.count
    }

    static func text(_ rng: inout SplitMix, words count: Int) -> [UInt8] {
        var out: [UInt8] = []
        for k in 0..<count {
            if k > 0 { out.append(rng.next() % 13 == 0 ? 0x0A : 0x20) }
            out += Array(words[Int(rng.next() % UInt64(words.count))].utf8)
        }
        return out
    }

    static func cut(_ bytes: [UInt8], _ rng: inout SplitMix, maxChunk: Int) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var at = 0
        while at < bytes.count {
            let n = min(bytes.count - at, 1 + Int(rng.next() % UInt64(maxChunk)))
            chunks.append(Array(bytes[at..<(at + n)]))
            at += n
        }
        return chunks
    }

    func testMatchesAreTheReferenceStreamsCallForCall() throws {
        let database = try PatternDatabase(Self.specs, mode: .stream)
        XCTAssertNotNil(database.starts)
        var rng = SplitMix(seed: 23)
        var total = 0
        let views: [TextView] = [.subject, .fromName, .plain, .html, .image]
        for round in 0..<300 {
            var run = Run(views: [], flushes: [])
            let maxChunk = [1, 7, 64, 1000, PatternStream.batchBytes + 5][round % 5]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let view = views[Int(rng.next() % UInt64(views.count))]
                let bytes = Self.text(&rng, words: 1 + Int(rng.next() % 120))
                run.views.append((view, Self.cut(bytes, &rng, maxChunk: maxChunk)))
            }
            let calls = run.views.reduce(0) { $0 + $1.1.count }
            for _ in 0..<Int(rng.next() % 3) { run.flushes.insert(Int(rng.next() % UInt64(max(1, calls)))) }
            var limits = Limits.default
            limits.maxMatchesPerPattern = round % 3 == 0 ? 2 : (round % 7 == 0 ? 0 : 32)
            total += compare(run, database: database, limits: limits, "round \(round)")
        }
        XCTAssertGreaterThan(total, 3000)
    }

    /// The specs read by ``ReportTiming`` (not `$`), so views share calls, with patterns that
    /// end either way (13) and that end in white space, with an assertion after it (15) or not
    /// (14): a match of those ends where the analyzer's views begin, after its "\n\n".
    /// Not 10 (`[$€£]\d{1,3}(?:,\d{3})*\b`): with it, libvectorscan 5.4.9 loses a match when a
    /// call ends inside it ("£" | "12,345") or right after it, which the stream with a call per
    /// view then misses and one call finds. That is which matches Vectorscan reports, not
    /// whose view they get (``PatternStream``).
    static let joiningSpecs =
        specs.filter { $0.id != 5 && $0.id != 10 } + [
            PatternSpec(id: 13, expression: "\\bcall\\b|desk"),
            PatternSpec(id: 14, expression: "(?:now|us)\\s"),
            PatternSpec(id: 15, expression: "(?:now|us)\\s\\b"),
        ]

    /// One call for several views (``PatternStream``): each match must have the view the stream
    /// with a call per view gave it, with the views changing at every byte of the text in turn.
    func testViewsSharingACallKeepTheirMatchesViews() throws {
        let database = try PatternDatabase(Self.joiningSpecs, mode: .stream)
        XCTAssertFalse(database.reportsLate.isEmpty)
        XCTAssertFalse(database.mixedEnds.contains(0x0A))
        var rng = SplitMix(seed: 33)
        var limits = Limits.default
        limits.maxMatchesPerPattern = 1_000_000
        let views: [TextView] = [.subject, .fromName, .plain, .html, .image]
        var total = 0
        for round in 0..<12 {
            let bytes = Self.text(&rng, words: 10 + Int(rng.next() % 30))
            // Each view's bytes are whole characters (``PatternStream/scan(_:)``).
            for p in 1..<bytes.count where bytes[p] & 0xC0 != 0x80 {
                let first = views[Int(rng.next() % UInt64(views.count))]
                let second = views[(views.firstIndex(of: first)! + 1 + Int(rng.next() % 4)) % views.count]
                let run = Run(views: [(first, [Array(bytes[..<p])]), (second, [Array(bytes[p...])])], flushes: [])
                total += compare(run, database: database, limits: limits, "round \(round) switch at \(p)")
            }
            // A view per byte, some the same as the one before.
            var run = Run(views: [], flushes: [])
            for byte in bytes {
                if byte & 0xC0 == 0x80, let last = run.views.indices.last {
                    run.views[last].1[0].append(byte)
                } else {
                    run.views.append((views[Int(rng.next() % 3)], [[byte]]))
                }
            }
            total += compare(run, database: database, limits: limits, "round \(round) byte views")
        }
        XCTAssertGreaterThan(total, 5000)
    }

    /// Past the horizon: the ring wraps, windows are clipped to what it holds, evidence is cut
    /// from bytes of two batches, and a match's start may lie where the horizon ends.
    func testLongTextsPastTheHorizon() throws {
        let database = try PatternDatabase(Self.specs, mode: .stream)
        var rng = SplitMix(seed: 2026)
        var limits = Limits.default
        limits.maxMatchesPerPattern = 1_000_000
        for round in 0..<4 {
            var bytes: [UInt8] = []
            // Long stretches with no match between the phrases, so unbounded windows are long.
            while bytes.count < PatternStream.horizon + 3 * PatternStream.batchBytes {
                bytes += Self.text(&rng, words: 40)
                bytes += Array(repeating: UInt8(ascii: "x"), count: Int(rng.next() % 9000))
                bytes.append(0x20)
            }
            let run = Run(views: [(.plain, Self.cut(bytes, &rng, maxChunk: 3000 + round * 4000))], flushes: [])
            XCTAssertGreaterThan(compare(run, database: database, limits: limits, "long \(round)"), 100)
        }
    }

    /// Evidence is kept in ``EvidenceChunk``s, a new one when the last is full: a long text
    /// fills several, and every match's evidence is still the reference's.
    func testEvidenceFillsSeveralChunks() throws {
        let database = try PatternDatabase(Self.specs, mode: .stream)
        var rng = SplitMix(seed: 77)
        var limits = Limits.default
        limits.maxMatchesPerPattern = 1_000_000
        let bytes = Self.text(&rng, words: 6000)
        let run = Run(views: [(.plain, Self.cut(bytes, &rng, maxChunk: 900))], flushes: [])
        XCTAssertGreaterThan(compare(run, database: database, limits: limits, "chunks"), 1000)
        let stream = PatternStream(database: database, limits: limits)
        for chunk in run.views[0].1 { chunk.withUnsafeBufferPointer { stream.scan($0) } }
        stream.close()
        let chunks = Set(stream.matches.compactMap { $0.evidenceChunk.map(ObjectIdentifier.init) })
        XCTAssertGreaterThan(chunks.count, 2)
    }

    /// Starts that wait (found once per pattern for several calls) are found before the call
    /// that crosses the horizon: one window from the stream's first byte would also reach
    /// the start of a match that the horizon cuts off for the later end ("the" at the first
    /// byte, its "now" past the horizon), which the stream never reported.
    func testWaitingStartsAreFoundBeforeTheHorizon() throws {
        let database = try PatternDatabase(Self.specs, mode: .stream)
        var rng = SplitMix(seed: 64)
        var limits = Limits.default
        limits.maxMatchesPerPattern = 1_000_000
        for round in 0..<3 {
            var bytes = Array("the now ".utf8)
            while bytes.count < PatternStream.horizon + 500 * round { bytes += Array("x ".utf8) }
            bytes += Array("now then".utf8)
            let run = Run(views: [(.plain, Self.cut(bytes, &rng, maxChunk: 3000 + 2000 * round))], flushes: [])
            XCTAssertGreaterThan(compare(run, database: database, limits: limits, "horizon \(round)"), 1)
        }
    }

    func testMatchCountsCountAsADictionary() {
        var rng = SplitMix(seed: 5)
        for round in 0..<200 {
            var table = MatchCounts()
            var reference: [UInt32: Int32] = [:]
            let limit = Int32(rng.next() % 6) - 1
            let spread = [3, 50, 3000, 1 << 31][round % 4]
            for _ in 0..<Int(rng.next() % 2000) {
                let id = UInt32(truncatingIfNeeded: rng.next() % UInt64(spread))
                let seen = reference[id, default: 0]
                let expected = seen < limit
                if expected { reference[id] = seen + 1 }
                XCTAssertEqual(table.add(id, limit: limit), expected)
            }
            for (id, count) in reference { XCTAssertEqual(table.count(id), Int(count)) }
            XCTAssertEqual(table.count(UInt32.max), Int(reference[UInt32.max] ?? 0))
        }
    }

    /// A slot is where ``ScanStaging/place(_:count:)`` would have moved the bytes, between zeros.
    func testSlotLiesWherePlaceMoves() {
        var rng = SplitMix(seed: 9)
        let a = ScanStaging.allocate(capacity: 5000)
        let b = ScanStaging.allocate(capacity: 5000)
        defer {
            a.deallocate()
            b.deallocate()
        }
        for _ in 0..<300 {
            let n = Int(rng.next() % 5001)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() | 1) }
            // Leftovers from earlier use must not show.
            a.initializeMemory(as: UInt8.self, repeating: 0xEE, count: ScanStaging.roundUp(5000) + 2 * ScanStaging.alignment)
            b.initializeMemory(as: UInt8.self, repeating: 0xEE, count: ScanStaging.roundUp(5000) + 2 * ScanStaging.alignment)
            a.initializeMemory(as: UInt8.self, repeating: 0, count: ScanStaging.alignment)
            b.initializeMemory(as: UInt8.self, repeating: 0, count: ScanStaging.alignment)
            ScanStaging.start(a).update(from: bytes, count: n)
            let placed = ScanStaging.place(a, count: n)
            let slot = ScanStaging.slot(b, count: n)
            if let to = slot.baseAddress { to.update(from: bytes, count: n) }
            XCTAssertEqual(
                placed.baseAddress.map { UnsafeRawPointer($0) - UnsafeRawPointer(a) },
                slot.baseAddress.map { UnsafeRawPointer($0) - UnsafeRawPointer(b) })
            let end = ScanStaging.alignment + ScanStaging.roundUp(n) + ScanStaging.alignment
            XCTAssertEqual(
                Array(UnsafeRawBufferPointer(start: a, count: end)), Array(UnsafeRawBufferPointer(start: b, count: end)))
        }
    }

    /// ``ByteRing/copy(from:to:into:)`` gives what ``ByteRing/bytes(from:to:)`` gives, across the wrap.
    func testRingCopyIsBytes() {
        var rng = SplitMix(seed: 11)
        for capacity in [1, 7, 64, 1000] {
            var ring = ByteRing(capacity: capacity)
            for _ in 0..<400 {
                let n = Int(rng.next() % UInt64(2 * capacity + 3))
                let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.withUnsafeBufferPointer { ring.append($0) }
                let from = ring.total - Int(rng.next() % UInt64(capacity + 3))
                let to = min(ring.total, from + Int(rng.next() % UInt64(capacity + 1)))
                var out = [UInt8](repeating: 0, count: max(0, to - from))
                let copied = out.withUnsafeMutableBufferPointer { ring.copy(from: from, to: to, into: $0) }
                let expected = ring.bytes(from: from, to: to)
                XCTAssertEqual(copied, expected != nil)
                if let expected { XCTAssertEqual(out, expected) }
            }
        }
    }

    /// The in-place sort of late reports orders as the library's sort of the slice did,
    /// nearly sorted runs and shuffled long ones alike.
    func testInsertionSortIsTheLibrarySort() {
        var rng = SplitMix(seed: 41)
        for round in 0..<400 {
            let n = Int(rng.next() % UInt64(round % 10 == 0 ? 700 : 60))
            var matches: [PatternMatch] = []
            var end = 0
            for _ in 0..<n {
                end += Int(rng.next() % 3)
                let id = UInt32(rng.next() % 6)
                let start = end - Int(rng.next() % 4)
                matches.append(PatternMatch(id: id, view: .plain, start: start, end: end, evidence: "\(id)@\(start)"))
            }
            // Late reports: a few moved back a little, or (every fifth round) the tail shuffled.
            if n > 2 {
                for _ in 0..<(round % 5 == 0 ? n : 3) {
                    let i = Int(rng.next() % UInt64(n))
                    let j = max(0, i - Int(rng.next() % (round % 5 == 0 ? UInt64(n) : 3)))
                    matches.swapAt(i, j)
                }
            }
            let from = n == 0 ? 0 : Int(rng.next() % UInt64(n))
            var expected = matches
            expected[from...].sort(by: PatternStreamState.precedes)
            PatternStreamState.insertionSort(&matches, from: from)
            XCTAssertEqual(Self.describe(matches), Self.describe(expected), "round \(round)")
        }
    }
}
