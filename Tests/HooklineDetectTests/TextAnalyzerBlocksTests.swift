import HooklineCore
import XCTest
@testable import HooklineDetect

/// Analyzers work in blocks kept between messages (``TextAnalyzerBlocks``): a block reused,
/// whatever an earlier message left in it, must give the findings a newly allocated one gives.
final class TextAnalyzerBlocksTests: XCTestCase {
    /// Everything a finding says, in order.
    static func summary(_ f: TextFindings) -> [String] {
        f.phones.map { "\($0.e164)|\($0.type)|\($0.region)|\($0.evidence)|\($0.offsets)|\($0.views.map(\.rawValue).sorted())" }
            + f.matches.map { "\($0.id)|\($0.view)|\($0.start)|\($0.end)|\($0.evidence)" }
            + f.anomalies.map { "\($0)" }.sorted() + ["\(f.textBytes)"]
    }

    /// Texts with numbers (plain, spelled, disguised), phrases, whitespace runs and broken
    /// UTF-8, fed in small inputs as the MIME layer does.
    static func texts() -> [[(TextView, [[UInt8]])]] {
        var rng = SplitMix(seed: 0x7e47_a11a)
        let pieces: [[UInt8]] = [
            Array("Call +1 (864) 347-2494 now. ".utf8), Array("\n \t  \r\n".utf8), Array("fraud detection team ".utf8),
            Array("eight hundred five five five zero one nine nine ".utf8), Array("8\u{200B}6\u{200B}4.555.0199 ".utf8),
            Array("M\u{0456}crosoft support ".utf8), [0xE2, 0x80], [0xFF, 0x20], Array("\u{202E}4942-743\u{202C} ".utf8),
            Array("1-888-MSFT-HELP ".utf8), Array("charged 389.90 usd ".utf8), Array(String(repeating: " ", count: 40).utf8),
        ]
        let views: [TextView] = [.subject, .plain, .html, .hiddenHTML, .attachment]
        return (0..<12).map { _ in
            (0..<(1 + rng.next() % 4)).map { _ in
                let view = views[Int(rng.next() % UInt64(views.count))]
                let chunks = (0..<(1 + rng.next() % 30)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }
                return (view, chunks)
            }
        }
    }

    static let patterns = streamPatterns([
        PatternSpec(id: 1, expression: "fraud detection team"),
        PatternSpec(id: 2, expression: "microsoft support"),
        PatternSpec(id: 3, expression: "charged \\d+\\.\\d\\d usd"),
    ])

    /// Every block kept now, taken out of the pool (so the next analyzer gets a new one).
    func drain() -> [UnsafeMutableRawPointer] {
        (0..<TextAnalyzerBlocks.pool.keptCount).map { _ in TextAnalyzerBlocks.pool.take() }
    }

    func testReusedBlocksGiveTheFindingsOfNewOnes() {
        for text in Self.texts() {
            let held = drain()
            let fresh = Self.summary(analyze(text, patterns: Self.patterns))
            // Blocks full of junk, as if a longer message had left them so.
            for block in held {
                block.initializeMemory(as: UInt8.self, repeating: 0xA5, count: TextAnalyzerBlocks.byteCount)
                TextAnalyzerBlocks.pool.give(block)
            }
            XCTAssertEqual(Self.summary(analyze(text, patterns: Self.patterns)), fresh)
            XCTAssertEqual(Self.summary(analyze(text, patterns: Self.patterns)), fresh)
        }
    }

    /// Two messages at once (two connections' threads, here interleaved on one) each get a
    /// block of their own.
    func testInterleavedAnalyzersDoNotShareABlock() {
        let texts = Self.texts()
        let alone = texts.map { Self.summary(analyze($0, patterns: Self.patterns)) }
        for k in 0..<(texts.count - 1) {
            let a = TextAnalyzer(patterns: Self.patterns, limits: .default)
            let b = TextAnalyzer(patterns: Self.patterns, limits: .default)
            let steps = [(a, texts[k]), (b, texts[k + 1])].map { analyzer, views in
                views.flatMap { view, chunks in
                    [{ analyzer.begin(view) }] + chunks.map { c in { c.withUnsafeBytes { analyzer.text($0) } } }
                        + [{ analyzer.end() }]
                }
            }
            for i in 0..<max(steps[0].count, steps[1].count) {
                if i < steps[0].count { steps[0][i]() }
                if i < steps[1].count { steps[1][i]() }
            }
            XCTAssertEqual(Self.summary(a.finish()), alone[k])
            XCTAssertEqual(Self.summary(b.finish()), alone[k + 1])
        }
    }

    func testKeepsAtMostMaxKept() {
        var many: [TextAnalyzer] = (0..<(TextAnalyzerBlocks.pool.maxKept * 2 + 3)).map { _ in
            TextAnalyzer(patterns: nil, limits: .default)
        }
        XCTAssertEqual(TextAnalyzerBlocks.pool.keptCount, 0)
        many.removeAll()
        XCTAssertEqual(TextAnalyzerBlocks.pool.keptCount, TextAnalyzerBlocks.pool.maxKept)
    }

    func testLayout() {
        XCTAssertGreaterThanOrEqual(TextAnalyzerBlocks.originsOffset, MemoryLayout<TextAnalyzerState>.size)
        XCTAssertEqual(TextAnalyzerBlocks.originsOffset % MemoryLayout<Int32>.alignment, 0)
        XCTAssertEqual(
            TextAnalyzerBlocks.outOffset, TextAnalyzerBlocks.originsOffset + TextAnalyzerBlocks.sliceCapacity * 4)
        XCTAssertGreaterThanOrEqual(
            TextAnalyzerBlocks.stopsOffset, TextAnalyzerBlocks.outOffset + TextAnalyzerBlocks.sliceCapacity)
        XCTAssertEqual(TextAnalyzerBlocks.stopsOffset % MemoryLayout<UInt64>.alignment, 0)
        XCTAssertGreaterThanOrEqual(SliceStops.words * 64, TextAnalyzerBlocks.sliceCapacity)
        // The four maps of a slice (phone, spelled, letters, specials) fit after the stops'
        // offset, and the last one ends where the block does.
        XCTAssertEqual(TextAnalyzerBlocks.byteCount, TextAnalyzerBlocks.stopsOffset + 4 * SliceStops.words * 8)
        let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: 4 * SliceStops.words)
        defer { memory.deallocate() }
        let stops = SliceStops(memory: memory)
        XCTAssertEqual(stops.specials + SliceStops.words, memory + 4 * SliceStops.words)
    }
}
