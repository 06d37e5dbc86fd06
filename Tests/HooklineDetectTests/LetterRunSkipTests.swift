import HooklineCore
import XCTest

@testable import HooklineDetect

/// `PhoneScanner.scan` passes over an "o", "l", "i" or "|" that begins a word when the next
/// byte is a letter its run would not take (`endsAtOnce`), instead of starting a run that
/// ends there with no digit. Whatever the text and its cuts, the findings must be the ones
/// the scanner gives starting every such run (``ReferencePaths/letterRuns``).
final class LetterRunSkipTests: XCTestCase {
    /// Words that begin with the letters that may be digits, such letters standing for digits
    /// in numbers ("l-800", "8OO"), numbers after them, vanity numbers, and separators.
    private static let pieces = [
        "of", "oil", "ill", "lol", "like", "in", "it", "o", "i", "l", "|", "||", "ol", "io", "lio", "oi", "olio",
        "l-800-555-0199", "l800 555 0199", "1-8OO-555-0199", "o800 555 0199", "i 800 710 5687", "o 800 710 5687",
        "l0l", "(8OO) 555-0199", "+l 888 ; 4l7 ; 2O93", "1-888-MSFT-HELP", "1-800-FLOWERS", "call", "us", "at",
        "864.555.0199", "+1 (864) 347-2494", "0800 330 1234", "2026-11-25", "|800|555|0199", "ob", "lb", "if",
        "Oil", "LOL", "I", "é", "-", ".", ":", "(", ")", "\n", "  ",
    ].map { Array($0.utf8) }

    private static func findings(_ views: [(TextView, [[UInt8]])], reference: ReferencePaths) -> [String] {
        let analyzer = TextAnalyzer(patterns: nil, limits: .default, regions: ["US", "GB"], reference: reference)
        feed(analyzer, views)
        let f = analyzer.finish()
        return f.phones.map { "\($0.e164) \($0.views.map(\.rawValue).sorted()) \($0.evidence) \($0.offsets)" }
            + f.anomalies.map(\.rawValue).sorted()
    }

    func testSameFindingsAsStartingEveryRun() {
        var g = Generator(seed: 2828)
        var found = 0
        for _ in 0..<4_000 {
            var views: [(TextView, [[UInt8]])] = []
            for _ in 0..<(1 + g.next(2)) {
                var text: [UInt8] = []
                for _ in 0..<(1 + g.next(30)) {
                    text += Self.pieces[g.next(Self.pieces.count)]
                    if g.next(4) != 0 { text.append([0x20, 0x20, 0x2D, 0x2E, 0x0A][g.next(5)]) }
                }
                var chunks: [[UInt8]] = []
                var at = 0
                while at < text.count {
                    let n = min(text.count - at, 1 + g.next(g.next(2) == 0 ? 5 : 400))
                    chunks.append(Array(text[at..<(at + n)]))
                    at += n
                }
                views.append(([.plain, .html, .subject][g.next(3)], chunks))
            }
            let expected = Self.findings(views, reference: .letterRuns)
            XCTAssertEqual(Self.findings(views, reference: []), expected, "\(views)")
            found += expected.count
        }
        XCTAssertGreaterThan(found, 3_000)
    }
}
