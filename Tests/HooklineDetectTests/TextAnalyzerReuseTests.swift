import HooklineCore
import XCTest
@testable import HooklineDetect

/// An analyzer takes the buffers a finished one gave back (``TextAnalyzerBuffers``): its rings,
/// emptied, and the phone scanner's run buffers and candidate scratch as they were left. A
/// message analysed after others, however long or odd they were (rings wrapped, runs at their
/// bound, broken UTF-8, abandoned before `finish`), must give what a new analyzer gives it.
final class TextAnalyzerReuseTests: XCTestCase {
    typealias Blocks = TextAnalyzerBlocksTests

    /// Everything an analyzer tells: its findings and its bytes per view.
    static func summary(_ views: [(TextView, [[UInt8]])]) -> [String] {
        let analyzer = TextAnalyzer(patterns: Blocks.patterns, limits: .default, regions: ["US", "GB", "DE"])
        feed(analyzer, views)
        let bytes = analyzer.bytesByView.map { "\($0.key)=\($0.value)" }.sorted()
        return Blocks.summary(analyzer.finish()) + bytes
    }

    /// Every kept buffer set, taken out of the pool.
    static func drain() -> [TextAnalyzerBuffers] {
        var out: [TextAnalyzerBuffers] = []
        while let b = TextAnalyzerBuffers.pool.take() { out.append(b) }
        return out
    }

    /// What an analyzer given new buffers says (the pool is left as it was).
    static func fresh(_ views: [(TextView, [[UInt8]])]) -> [String] {
        let held = drain()
        let s = summary(views)
        _ = drain()
        for b in held { TextAnalyzerBuffers.pool.give(b) }
        return s
    }

    /// Generated messages: the block tests' pieces, plus long ones that wrap both rings
    /// with numbers near their ends, digit runs past the run bound, and national numbers
    /// whose country the text's language decides.
    static func messages() -> [[(TextView, [[UInt8]])]] {
        var rng = SplitMix(seed: 0x5eed_2030)
        var out = Blocks.texts()
        let odd: [[UInt8]] = [
            Array(String(repeating: "7", count: 150).utf8) + [0x20], Array("Rufen Sie 030 1234567 an. ".utf8),
            Array("Ring 020 7946 0018 today, fraud detection team. ".utf8), [0xF0, 0x9F], [0xC3],
            Array("(555) 010-".utf8), Array("Fax: 0049 89 1234 5678 ".utf8),
        ]
        for k in 0..<24 {
            let long = k % 3 == 0
            var views: [(TextView, [[UInt8]])] = []
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                var chunks: [[UInt8]] = []
                var size = 0
                let target = long ? 9000 + Int(rng.next() % 20000) : Int(rng.next() % 600)
                while size < target {
                    let c =
                        rng.next() % 3 == 0
                        ? odd[Int(rng.next() % UInt64(odd.count))]
                        : Blocks.texts()[Int(rng.next() % 12)].first?.1.first ?? []
                    chunks.append(c)
                    size += c.count + 1
                }
                views.append(([TextView.subject, .plain, .html, .attachment][Int(rng.next() % 4)], chunks))
            }
            out.append(views)
        }
        return out
    }

    func testAMessageAfterOthersGivesWhatANewAnalyzerGives() {
        let all = Self.messages()
        let expected = all.map(Self.fresh)
        var rng = SplitMix(seed: 77)
        var reused = 0
        for round in 0..<(all.count * 3) {
            let k = Int(rng.next() % UInt64(all.count))
            if round % 7 == 3 {
                // A message abandoned mid-text: its buffers go back unfinished.
                let a = TextAnalyzer(patterns: Blocks.patterns, limits: .default)
                feed(a, Array(all[k].prefix(1)))
                continue
            }
            if TextAnalyzerBuffers.pool.keptCount > 0 { reused += 1 }
            XCTAssertEqual(Self.summary(all[k]), expected[k], "round \(round), message \(k)")
        }
        XCTAssertGreaterThan(reused, all.count * 2, "the pool must serve most messages")
        XCTAssertLessThanOrEqual(TextAnalyzerBuffers.pool.keptCount, TextAnalyzerBuffersPool.maxKept)
    }

    func testKeepsAtMostMaxKept() {
        _ = Self.drain()
        var many: [TextAnalyzer] = (0..<(TextAnalyzerBuffersPool.maxKept + 5)).map { _ in
            TextAnalyzer(patterns: nil, limits: .default)
        }
        XCTAssertEqual(TextAnalyzerBuffers.pool.keptCount, 0)
        many.removeAll()
        XCTAssertEqual(TextAnalyzerBuffers.pool.keptCount, TextAnalyzerBuffersPool.maxKept)
    }
}
