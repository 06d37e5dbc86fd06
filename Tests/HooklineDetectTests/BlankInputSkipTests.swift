import HooklineCore
import XCTest

@testable import HooklineDetect

/// The analyzer passes over an input of blanks the normaliser would write nothing for
/// (``TextNormalizer/writesNothing(_:)``) instead of normalising it; whatever the text and
/// the inputs it comes in, the findings must be the ones it gives normalising every input
/// (``ReferencePaths/blankInputs``).
final class BlankInputSkipTests: XCTestCase {
    /// Numbers, words and the non-ASCII that changes the word state, handed over as an HTML
    /// extractor does: the text of each element, the line ends and indents between them.
    private static let pieces = [
        "Call", "us", "at", "1-888-555-0199", "(800)", "555", "0199", "+1", "864", "347-2494", "0800 330 1234",
        "seven", "one", "eight", "nine", "zero", "Microsoft", "renewal", "8\u{301}", "6\u{200B}4", "\u{202E}4942-743\u{202C}",
        "\u{2067}555 0199", "\u{2069}", "о", "\u{FF18}\u{FF10}\u{FF10}", "\u{0668}", "é", "-", ".", ":", "|",
    ].map { Array($0.utf8) }
    private static let gaps = ["\n", "\r\n", "\n    ", "\n\t\t", " ", "  ", "\n\n  \n"].map { Array($0.utf8) }

    private static func findings(_ views: [(TextView, [[UInt8]])], reference: ReferencePaths) -> [String] {
        let analyzer = TextAnalyzer(patterns: nil, limits: .default, regions: ["US", "GB"], reference: reference)
        feed(analyzer, views)
        let f = analyzer.finish()
        // Every normalised byte is counted once in its view's total (the open view's count is
        // added to the totals when the next view begins).
        XCTAssertEqual(analyzer.bytesByView.values.reduce(0, +), f.textBytes)
        return f.phones.map { "\($0.e164) \($0.views.map(\.rawValue).sorted()) \($0.evidence) \($0.offsets)" }
            + f.anomalies.map(\.rawValue).sorted() + [
                "\(f.textBytes)", "\(analyzer.bytesByView.sorted { $0.key.rawValue < $1.key.rawValue })",
            ]
    }

    func testSameFindingsAsNormalisingEveryInput() {
        var g = Generator(seed: 2929)
        var found = 0
        for _ in 0..<1_500 {
            var views: [(TextView, [[UInt8]])] = []
            for _ in 0..<(1 + g.next(2)) {
                var chunks: [[UInt8]] = []
                for _ in 0..<(1 + g.next(30)) {
                    var piece = Self.pieces[g.next(Self.pieces.count)]
                    if g.next(3) == 0 { piece += Self.pieces[g.next(Self.pieces.count)] }
                    if g.next(4) == 0 { piece = [0x20] + piece }
                    chunks.append(piece)
                    if g.next(3) != 0 { chunks.append(Self.gaps[g.next(Self.gaps.count)]) }
                }
                views.append(([.plain, .html, .subject][g.next(3)], chunks))
            }
            let expected = Self.findings(views, reference: .blankInputs)
            XCTAssertEqual(Self.findings(views, reference: []), expected, "\(views)")
            found += expected.count
        }
        XCTAssertGreaterThan(found, 1_500)
    }
}
