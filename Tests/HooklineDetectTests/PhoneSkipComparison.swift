import HooklineCore
import XCTest

@testable import HooklineDetect

/// The generate-cut-compare loop of the phone scanner's skip tests: texts joined from
/// `pieces` (each followed, at odds `1 - 1/joinOdds`, by one of `joiners`), one or two views
/// of them cut at random into chunks of 1–5 or 1–400 bytes, scanned with and without the
/// skip (`reference` turns it off). A skip that changes any finding on any cut fails.
enum PhoneSkipComparison {
    static func findings(_ views: [(TextView, [[UInt8]])], reference: ReferencePaths) -> [String] {
        let analyzer = TextAnalyzer(patterns: nil, limits: .default, regions: ["US", "GB"], reference: reference)
        feed(analyzer, views)
        let f = analyzer.finish()
        return f.phones.map { "\($0.e164) \($0.views.map(\.rawValue).sorted()) \($0.evidence) \($0.offsets)" }
            + f.anomalies.map(\.rawValue).sorted()
    }

    /// Compares `count` generated messages; returns how many findings the reference gave,
    /// so a test can check its texts reach numbers at all.
    static func compare(
        seed: UInt64, pieces: [String], joiners: [UInt8], joinOdds: Int, reference: ReferencePaths,
        count: Int = 4_000, file: StaticString = #filePath, line: UInt = #line
    ) -> Int {
        let pieces = pieces.map { Array($0.utf8) }
        var g = Generator(seed: seed)
        var found = 0
        for _ in 0..<count {
            var views: [(TextView, [[UInt8]])] = []
            for _ in 0..<(1 + g.next(2)) {
                var text: [UInt8] = []
                for _ in 0..<(1 + g.next(30)) {
                    text += pieces[g.next(pieces.count)]
                    if g.next(joinOdds) != 0 { text.append(joiners[g.next(joiners.count)]) }
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
            let expected = findings(views, reference: reference)
            XCTAssertEqual(findings(views, reference: []), expected, "\(views)", file: file, line: line)
            found += expected.count
        }
        return found
    }
}
