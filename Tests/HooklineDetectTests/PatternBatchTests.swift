import HooklineCore
import XCTest
@testable import HooklineDetect

/// The pattern stream hands Vectorscan runs of one view (``PatternStream/batchBytes``),
/// not each slice: matches, their starts, evidence and views must be what slice-by-slice
/// scanning gave, across run and view boundaries.
final class PatternBatchTests: XCTestCase {
    static let patterns = streamPatterns([
        PatternSpec(id: 1, expression: "fraud detection team"),
        PatternSpec(id: 2, expression: "\\bcall (?:\\S+ ){0,3}now\\b"),
        PatternSpec(id: 3, expression: "refund desk$"),
        PatternSpec(id: 4, expression: "\\bpending (?:activation|verification)\\b"),
    ])

    func describe(_ f: TextFindings) -> [String] {
        f.matches.map { "\($0.id)|\($0.start)|\($0.end)|\($0.evidence)|\($0.view)" }
    }

    /// Filler long enough that the body is several batches; phrases sit at and across the seams.
    static func body() -> [UInt8] {
        var text = ""
        var k = 0
        while text.utf8.count < 3 * PatternStream.batchBytes + 700 {
            text += k % 97 == 0 ? "fraud detection team, call them right now. " : "lorem ipsum dolor "
            if k % 211 == 0 { text += "pending verification " }
            k += 1
        }
        return Array(text.utf8)
    }

    func testBatchesGiveWhatSlicesGave() {
        let bytes = Self.body()
        let whole = describe(analyze([(.plain, [bytes])], patterns: Self.patterns))
        XCTAssertGreaterThan(whole.count, 40)
        var rng = SplitMix(seed: 7)
        for maxChunk in [1, 17, 1000, 5000, PatternStream.batchBytes + 3] {
            var chunks: [[UInt8]] = []
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, 1 + Int(rng.next() % UInt64(maxChunk)))
                chunks.append(Array(bytes[at..<(at + n)]))
                at += n
            }
            XCTAssertEqual(describe(analyze([(.plain, chunks)], patterns: Self.patterns)), whole, "chunks up to \(maxChunk)")
        }
    }

    func testEveryMatchQuotesItsOwnPhrase() {
        let f = analyze([(.plain, [Self.body()])], patterns: Self.patterns)
        for m in f.matches {
            switch m.id {
            case 1: XCTAssertEqual(m.evidence, "fraud detection team")
            case 2: XCTAssertEqual(m.evidence, "call them right now")
            case 4: XCTAssertEqual(m.evidence, "pending verification")
            default: XCTFail("unexpected match \(m)")
            }
        }
    }

    /// A phrase that closes a view is confirmed by the separator scanned in that view's name;
    /// one right at the start of the next view belongs to the next.
    func testViewsStayWithTheirText() {
        let views: [(TextView, [[UInt8]])] = [
            (.subject, [Array("Call the billing team now".utf8)]),
            (.fromName, [Array("Fraud Detection Team".utf8)]),
            (.plain, [Array("pending verification of your refund desk".utf8)]),
            (.html, [Array("fraud detection team".utf8), Array(" and call us now".utf8)]),
        ]
        let f = analyze(views, patterns: Self.patterns)
        let byID = f.matches.map { "\($0.id):\($0.view)" }
        XCTAssertEqual(byID, ["2:subject", "1:fromName", "4:plain", "1:html", "2:html"])
        // The end anchor fires only at the end of the whole stream, never at a view's end.
        XCTAssertFalse(f.matches.contains { $0.id == 3 })
    }

    /// What the scan reads before deciding on images: everything given so far, batched or not.
    func testMatchesSoFarSeeTheBatch() {
        let analyzer = TextAnalyzer(patterns: Self.patterns, limits: .default, regions: ["US"])
        analyzer.begin(.plain)
        Array("please contact the fraud detection team".utf8).withUnsafeBytes { analyzer.text($0) }
        analyzer.settle()
        XCTAssertEqual(analyzer.matchesSoFar.map(\.id), [1])
        analyzer.begin(.html)
        Array("pending activation".utf8).withUnsafeBytes { analyzer.text($0) }
        analyzer.settle()
        XCTAssertEqual(analyzer.matchesSoFar.map(\.id), [1, 4])
        XCTAssertEqual(analyzer.finish().matches.map(\.view), [.plain, .html])
    }
}
