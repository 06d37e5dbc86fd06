import HooklineCore
import XCTest
@testable import HooklineDetect

/// An analyzer reset for another message (``TextAnalyzer/reset()``, through
/// ``TextAnalyzerPool``) must tell of message B exactly what a new analyzer tells, whatever
/// message A left in it: finished or abandoned mid-text, with address hints that rank other
/// countries first, anomalies, matches and numbers at their per-message limits, rings wrapped.
final class TextAnalyzerResetTests: XCTestCase {
    typealias Reuse = TextAnalyzerReuseTests
    typealias Blocks = TextAnalyzerBlocksTests

    /// How A ends before the analyzer is reset.
    enum Ending: CaseIterable { case finished, settled, abandoned, untouched }

    /// Limits that a short message reaches: the numbers and matches kept, and their anomalies.
    static let tight: Limits = {
        var l = Limits.default
        l.maxPhones = 2
        l.maxMatchesPerPattern = 1
        return l
    }()

    /// Hints a message may set; nil sets none.
    static let hints: [(recipient: [String], sender: [String])?] = [
        nil, (["kunde@example.de"], ["info@bank.de"]), (["a@example.co.uk"], []), ([], ["x@example.fr"]),
    ]

    /// Everything an analyzer tells of `views`, after the hints and an anomaly.
    static func run(
        _ analyzer: TextAnalyzer, _ views: [(TextView, [[UInt8]])], hint: (recipient: [String], sender: [String])?,
        anomaly: Bool
    ) -> [String] {
        if let hint { analyzer.setAddressRegionHints(recipient: hint.recipient, sender: hint.sender) }
        if anomaly { analyzer.anomaly(.mimeDepthExceeded) }
        feed(analyzer, views)
        let seen = analyzer.matchesSoFar.map { "\($0.id)|\($0.end)" }
        let bytes = analyzer.bytesByView.map { "\($0.key)=\($0.value)" }.sorted()
        return Blocks.summary(analyzer.finish()) + bytes + seen
    }

    /// A, ended as `ending` says, on an analyzer of `pool`, which is then given back.
    static func leave(_ pool: TextAnalyzerPool, _ views: [(TextView, [[UInt8]])], ending: Ending, hint: Int) {
        let a = pool.take()
        if let h = hints[hint % hints.count] { a.setAddressRegionHints(recipient: h.recipient, sender: h.sender) }
        a.anomaly(.scanTimeLimit)
        switch ending {
        case .finished:
            feed(a, views)
            _ = a.finish()
        case .settled:
            feed(a, views)
            a.settle()
            _ = a.matchesSoFar
        case .abandoned:
            // Mid-view: the stream is open and the view never ends.
            if let (view, chunks) = views.first {
                a.begin(view)
                for chunk in chunks.prefix(chunks.count / 2 + 1) { chunk.withUnsafeBytes { a.text($0) } }
            }
        case .untouched:
            break
        }
        pool.give(a)
    }

    func check(limits: Limits) {
        let all = Reuse.messages()
        let pool = TextAnalyzerPool(patterns: Blocks.patterns, limits: limits)
        var rng = SplitMix(seed: 0x4e5e_7001)
        var reused = 0
        for round in 0..<(all.count * 2) {
            let a = all[Int(rng.next() % UInt64(all.count))]
            let b = all[Int(rng.next() % UInt64(all.count))]
            let hint = Int(rng.next() % UInt64(Self.hints.count))
            let anomaly = rng.next() % 2 == 0
            let fresh = Self.run(
                TextAnalyzer(patterns: Blocks.patterns, limits: limits), b, hint: Self.hints[hint], anomaly: anomaly)
            let ending = Ending.allCases[round % Ending.allCases.count]
            Self.leave(pool, a, ending: ending, hint: hint + 1)
            if pool.keptCount > 0 { reused += 1 }
            let analyzer = pool.take()
            XCTAssertEqual(
                Self.run(analyzer, b, hint: Self.hints[hint], anomaly: anomaly), fresh,
                "round \(round), after a message \(ending)")
            pool.give(analyzer)
        }
        XCTAssertEqual(reused, all.count * 2, "every message after the first must take a reset analyzer")
    }

    func testAMessageOnAResetAnalyzerGivesWhatANewOneGives() { check(limits: .default) }

    func testLimitsReachedByTheLastMessageDoNotCarryOver() { check(limits: Self.tight) }

    /// A message on a reset analyzer may find what its own patterns find, and only that.
    func testTheLastMessagesMatchesDoNotCarryOver() {
        let pool = TextAnalyzerPool(patterns: Blocks.patterns, limits: .default)
        let a = pool.take()
        feed(a, [(.plain, [Array("Call the fraud detection team at +1 (864) 347-2494. ".utf8)])])
        XCTAssertFalse(a.finish().matches.isEmpty)
        pool.give(a)
        let b = pool.take()
        XCTAssertTrue(a === b)
        feed(b, [(.plain, [Array("Nothing to see here.".utf8)])])
        let f = b.finish()
        XCTAssertEqual(f.matches.count, 0)
        XCTAssertEqual(f.phones.count, 0)
        XCTAssertEqual(f.anomalies, [])
    }

    func testKeepsAtMostMaxKept() {
        let pool = TextAnalyzerPool(patterns: nil, limits: .default)
        let many = (0..<(KeptPool<TextAnalyzer>.maxKept + 3)).map { _ in pool.take() }
        XCTAssertEqual(pool.keptCount, 0)
        for a in many { pool.give(a) }
        XCTAssertEqual(pool.keptCount, KeptPool<TextAnalyzer>.maxKept)
    }
}
