import HooklineCore
import XCTest
@testable import HooklineDetect

/// A ``PatternStream`` takes the buffers a finished one gave back (``PatternStreamPool``): its
/// Vectorscan stream reset, its ring, batch, window and index arrays. A message scanned after
/// another must match exactly as the stream as it was (``ReferencePatternStream``, which keeps
/// nothing) matches it alone: after messages that were closed, abandoned mid-text (no
/// `close`, as an aborted message), long enough to wrap the ring, or cut off by the limit.
final class PatternStreamReuseTests: XCTestCase {
    typealias Ref = PatternStreamReferenceTests

    static func run(_ rng: inout SplitMix, long: Bool) -> [(TextView, [[UInt8]])] {
        let views: [TextView] = [.subject, .fromName, .plain, .html, .image]
        var out: [(TextView, [[UInt8]])] = []
        for _ in 0..<(1 + Int(rng.next() % 3)) {
            var bytes = Ref.text(&rng, words: 1 + Int(rng.next() % 150))
            if long {
                while bytes.count < PatternStream.horizon + PatternStream.batchBytes { bytes += Ref.text(&rng, words: 400) }
            }
            let view = views[Int(rng.next() % UInt64(views.count))]
            out.append((view, Ref.cut(bytes, &rng, maxChunk: [1, 9, 300, 5000][Int(rng.next() % 4)])))
        }
        return out
    }

    static func scan(_ s: PatternStream, _ views: [(TextView, [[UInt8]])], upTo stop: Int = .max) {
        var call = 0
        for (view, chunks) in views {
            s.view = view
            for chunk in chunks {
                if call == stop { return }
                chunk.withUnsafeBufferPointer { s.scan($0) }
                call += 1
            }
        }
    }

    func testAMessageAfterAnotherMatchesAsAlone() throws {
        let database = try PatternDatabase(Ref.specs, mode: .stream)
        var rng = SplitMix(seed: 2027)
        var total = 0
        var reused = 0
        for round in 0..<240 {
            var limits = Limits.default
            limits.maxMatchesPerPattern = round % 5 == 0 ? 1 : 64
            // The message before: closed, abandoned after some calls, or never given text.
            let before = Self.run(&rng, long: round % 9 == 4)
            do {
                let first = PatternStream(database: database, limits: limits)
                switch round % 4 {
                case 0, 1:
                    Self.scan(first, before)
                    first.close()
                    _ = first.matches
                case 2:
                    let calls = before.reduce(0) { $0 + $1.1.count }
                    Self.scan(first, before, upTo: Int(rng.next() % UInt64(calls + 1)))
                    if rng.next() % 2 == 0 { first.flush() }
                default: break
                }
            }
            if database.streamPool.keptCount > 0 { reused += 1 }
            let views = Self.run(&rng, long: round % 11 == 7)
            let new = PatternStream(database: database, limits: limits)
            let old = ReferencePatternStream(database: database, limits: limits)
            Self.scan(new, views)
            for (view, chunks) in views {
                old.view = view
                for chunk in chunks { chunk.withUnsafeBufferPointer { old.scan($0) } }
            }
            new.close()
            old.close()
            XCTAssertEqual(Ref.describe(new.matches), Ref.describe(old.matches), "round \(round)")
            XCTAssertEqual(new.limitReached, old.limitReached, "round \(round)")
            total += new.matches.count
        }
        XCTAssertGreaterThan(total, 2000)
        XCTAssertGreaterThan(reused, 200, "the pool must serve most messages")
        XCTAssertLessThanOrEqual(database.streamPool.keptCount, PatternStreamPool.maxKept)
    }

    /// Whole analyzers, one after another on one database, find what each finds alone (the
    /// pool drained before it); a ring grown past the kept size is not kept.
    func testAnalyzersInTurnFindWhatEachFindsAlone() throws {
        let database = try PatternDatabase(Ref.specs, mode: .stream)
        var rng = SplitMix(seed: 77)
        var messages: [[(TextView, [[UInt8]])]] = []
        for k in 0..<40 { messages.append(Self.run(&rng, long: k % 10 == 3)) }
        func describe(_ f: TextFindings) -> [String] {
            Ref.describe(f.matches) + f.phones.map { "\($0.e164)|\($0.offset)|\($0.evidence)" }
        }
        var alone: [[String]] = []
        for m in messages {
            database.streamPool.drain()
            alone.append(describe(analyze(m, patterns: database)))
        }
        for (k, m) in messages.enumerated() {
            XCTAssertEqual(describe(analyze(m, patterns: database)), alone[k], "message \(k)")
            XCTAssertEqual(database.streamPool.keptCount, 1)
        }
    }
}
