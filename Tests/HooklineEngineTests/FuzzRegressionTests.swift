import XCTest
import HooklineCore
import HooklineText
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
@testable import HooklineDetect

/// Inputs `scripts/fuzz.sh` found that trapped, kept as fixtures: config values
/// must not make message bytes reach a Swift trap either.
final class FuzzRegressionTests: XCTestCase {
    /// Loads `Fixtures/configs/NAME/hookline.yaml`; a load failure fails the test with its diagnostics.
    func fixtureEngine(_ name: String) throws -> Engine {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("configs/\(name)")
        switch ConfigLoader.load(path: dir.appendingPathComponent("hookline.yaml").path) {
        case .success(let e): return e
        case .failure(let f):
            XCTFail(f.diagnostics.map(\.description).joined(separator: "\n"))
            throw XCTSkip("fixture config \(name) does not load")
        }
    }

    /// `configs/limits-at-int-max`: every limit at Int.max loads, and a message with a
    /// folded header and multipart part headers cut into small chunks scans to a verdict.
    func testLimitsAtIntMaxScanWithoutOverflow() throws {
        let engine = try fixtureEngine("limits-at-int-max")
        XCTAssertEqual(engine.config.limits.maxHeaderBytes, Int.max)
        XCTAssertEqual(engine.config.limits.maxLineBytes, Int.max)
        let message = Array(
            """
            From: "Billing" <billing@example.net>\r
            Subject: Your order\r
             is confirmed\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain;\r
             charset=utf-8\r
            \r
            Not you? Call us at +1 (864) 347-2494.\r
            --b--\r

            """.utf8)
        for chunk in [1, 7, 64, message.count] {
            let verdict = FileScan.scan(bytes: message, engine: engine, chunkSize: chunk)
            XCTAssertTrue(verdict.headerValue.contains("PHONE_CALL_US"), "chunk \(chunk): \(verdict.headerValue)")
        }
    }

    /// `configs/lexicon-long-letter-runs`: the config fuzzer's timeout, a rule file whose
    /// phrases hold runs of one letter ("sssss…judulent transaction"). With start-of-match
    /// tracking Vectorscan took 13 s over it; phrases now compile without it (1.6 s), and
    /// their matches still report where they start.
    func testLexiconWithLongLetterRunsLoadsAndStillLocatesPhrases() throws {
        let engine = try fixtureEngine("lexicon-long-letter-runs")
        let db = try XCTUnwrap(engine.rules.streamDB)
        XCTAssertEqual(db.fixedLength.count, db.count, "every phrase compiled without start tracking")
        let analyzer = TextAnalyzer(patterns: db, limits: .default, regions: ["US"])
        analyzer.begin(.plain)
        for piece in ["We saw suspic", "ious activity on your card."] {
            Array(piece.utf8).withUnsafeBytes { analyzer.text($0) }
        }
        analyzer.end()
        let found = analyzer.finish().matches
        XCTAssertTrue(
            found.contains { $0.evidence == "suspicious activity" && $0.start == "we saw ".utf8.count },
            "\(found.map { ($0.evidence, $0.start) })")
    }
}
