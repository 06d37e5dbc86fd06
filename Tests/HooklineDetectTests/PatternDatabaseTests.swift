import HooklineCore
import XCTest
@testable import HooklineDetect

final class PatternDatabaseTests: XCTestCase {
    func database(_ expressions: [String], mode: PatternDatabase.Mode = .stream) throws -> PatternDatabase {
        try PatternDatabase(
            expressions.enumerated().map { PatternSpec(id: UInt32($0.offset + 1), expression: $0.element) },
            mode: mode)
    }

    func testStreamingAcrossTextCalls() throws {
        let db = try database(["fraud detection team", "windows defender"])
        let f = analyze(
            [
                (
                    .plain,
                    [
                        Array("placed on hold by our Fraud Dete".utf8), Array("ction Team; Windows".utf8),
                        Array(" Defender".utf8),
                    ]
                )
            ], patterns: db)
        XCTAssertEqual(f.matches.map(\.id), [1, 2])
        XCTAssertEqual(f.matches.first?.evidence, "fraud detection team")
        XCTAssertEqual(f.matches.first?.view, .plain)
    }

    func testMatchesSeeNormalisedText() throws {
        let db = try database(["microsoft account security", "call \\+?1? ?\\(?8\\d\\d"])
        let text = "M" + scalars(0x0456) + "cro\u{200B}soft\n\n  ACCOUNT   Security: call +1 (888) 555 0100"
        let f = analyze(text, patterns: db)
        XCTAssertEqual(f.matches.map(\.id), [1, 2])
        XCTAssertEqual(f.matches.first?.start, 0)
        XCTAssertEqual(f.matches.first?.evidence, "microsoft account security")
    }

    func testViewsDoNotRunTogether() throws {
        let db = try database(["call us"])
        let f = analyze([(.subject, [Array("please call".utf8)]), (.plain, [Array("us today".utf8)])], patterns: db)
        XCTAssertEqual(f.matches, [])
        let g = analyze([(.subject, [Array("hello".utf8)]), (.plain, [Array("please call us".utf8)])], patterns: db)
        XCTAssertEqual(g.matches.map(\.view), [.plain])
        XCTAssertEqual(g.matches.first?.start, "hello\n\nplease ".utf8.count)
    }

    /// A phrase that closes a view is confirmed by the byte after it (its word boundary),
    /// which is the separator before the next view: the match still belongs to the view
    /// it is in, even across a view that added nothing.
    func testPhraseEndingAViewIsCreditedToThatView() throws {
        let db = try database(["\\bpaypal\\b", "\\bkraken\\b"])
        let f = analyze(
            [
                (.subject, [Array("Receipt from PayPal".utf8)]), (.fromName, [Array("Kraken".utf8)]),
                (.html, []), (.plain, [Array("Dear customer".utf8)]),
            ], patterns: db)
        XCTAssertEqual(f.matches.map(\.id), [1, 2])
        XCTAssertEqual(f.matches.map(\.view), [.subject, .fromName])
    }

    /// Phrases have a fixed length, so they skip start-of-match tracking and still
    /// report where they start.
    func testFixedLengthPhraseReportsItsStartWithoutTracking() throws {
        let db = try PatternDatabase([PatternSpec(id: 7, expression: "\\bfraud\\s+team\\b", length: 10)], mode: .stream)
        let f = analyze([(.plain, [Array("call the fraud ".utf8), Array("team now".utf8)])], patterns: db)
        XCTAssertEqual(f.matches.map(\.id), [7])
        XCTAssertEqual(f.matches.first?.start, "call the ".utf8.count)
        XCTAssertEqual(f.matches.first?.evidence, "fraud team")
    }

    /// Only a real anchor keeps a stream regex's start-of-match tracking: a dollar sign
    /// escaped or in a class is text. Where the reading could be fooled, the textual test.
    func testOnlyRealAnchorsKeepStartTrackingInTheStream() {
        let cases: [(String, Bool)] = [
            ("\\bfoo\\b", true), ("foo$", false), ("^foo", false), ("(?:^|\\s)call", false),
            ("[$€£]\\s?\\d+", true), ("\\d+\\s?\\$", true), ("[^$]foo", true), ("[^^]x", true),
            ("[]$]x", true), ("[^]$]x", true), ("[a]$", false), ("[\\]$]", true), ("[a\\]]$", false),
            ("[[:digit:]]$", false), ("[[:digit:]$]", false), ("\\Qa[\\E$", false), ("\\Q$\\E", false),
            ("(?x) a [ # $", false), ("(?i-x:a)[$]", false), ("(?#[)$", false), ("(?i)[$]", true),
            ("\\\\$", false), ("a\\", true),
        ]
        for (expression, expected) in cases {
            XCTAssertEqual(PatternDatabase.startFoundLater(PatternSpec(id: 1, expression: expression)), expected, expression)
        }
    }

    /// A money amount with its sign last now has its start found after the match, as it
    /// had with tracking: the whole amount, wherever the stream's calls split it.
    func testDollarSignRegexQuotesTheWholeAmount() throws {
        let expression = "\\b(?:\\d{1,3}(?:[,.]\\d{3}){1,6}|\\d{1,7})[.,]\\d{2}\\s?(?:usd|€|\\$)"
        XCTAssertTrue(PatternDatabase.startFoundLater(PatternSpec(id: 3, expression: expression)))
        let db = try PatternDatabase([PatternSpec(id: 3, expression: expression)], mode: .stream)
        for split in [1, 9, 14, 20] {
            let text = Array("you were charged 1,389.90 $ today".utf8)
            let f = analyze([(.plain, [Array(text[..<split]), Array(text[split...])])], patterns: db)
            XCTAssertEqual(f.matches.map(\.evidence), ["1,389.90 $"], "split at \(split)")
            XCTAssertEqual(f.matches.first?.start, "you were charged ".utf8.count)
        }
    }

    func testEndAnchoredPatternFiresAtFinish() throws {
        let db = try database(["renewal$"])
        XCTAssertEqual(analyze("your renewal", patterns: db).matches.map(\.id), [1])
        XCTAssertEqual(analyze("your renewal is due", patterns: db).matches, [])
    }

    func testMatchLimitPerPattern() throws {
        let db = try database(["refund", "invoice"])
        var limits = Limits()
        limits.maxMatchesPerPattern = 5
        let f = analyze(String(repeating: "refund ", count: 50) + "invoice", patterns: db, limits: limits)
        XCTAssertEqual(f.matches.filter { $0.id == 1 }.count, 5)
        XCTAssertEqual(f.matches.filter { $0.id == 2 }.count, 1)
        XCTAssertTrue(f.anomalies.contains(.matchLimitReached))
    }

    func testCompileErrorNamesTheFailingExpression() {
        let specs = [
            PatternSpec(id: 10, expression: "fine"), PatternSpec(id: 11, expression: "also fine"),
            PatternSpec(id: 12, expression: "(unclosed"), PatternSpec(id: 13, expression: "ok"),
        ]
        XCTAssertThrowsError(try PatternDatabase(specs, mode: .stream)) { error in
            let e = error as? PatternCompileError
            XCTAssertEqual(e?.index, 2)
            XCTAssertFalse(e?.message.isEmpty ?? true)
        }
        XCTAssertThrowsError(try PatternDatabase([PatternSpec(id: 1, expression: "a\u{0}b")], mode: .block)) { error in
            XCTAssertEqual((error as? PatternCompileError)?.index, 0)
        }
    }

    func testBackreferenceIsRejectedNotSlow() {
        // Vectorscan refuses what it cannot run in linear time; that must surface as a config error.
        XCTAssertThrowsError(try database(["(a+)\\1"])) { error in
            XCTAssertEqual((error as? PatternCompileError)?.index, 0)
        }
    }

    func testPatternTooLargeForStartOfMatchStillCompiles() throws {
        let db = try database(["fraud team", "\\bcall\\b.{0,40}\\+?1?[ .-]?\\(?8\\d\\d"])
        let f = analyze("the fraud team says call our desk now at +1 (888) 555-0100", patterns: db)
        XCTAssertEqual(f.matches.map(\.id), [1, 2])
        XCTAssertEqual(f.matches.first?.evidence, "fraud team", "exact start where Vectorscan can track it")
        XCTAssertTrue(f.matches.last?.evidence.hasSuffix("call our desk now at +1 (888") ?? false)
    }

    func testBlockModeMatchesNormalisedSubject() throws {
        let db = try database(["azure monitor alert", "invoice paid inv-[0-9a-f]{10}", "microsoft"], mode: .block)
        let subject = "Azure monitor alert rule Invoice Paid INV-d39f76ef94 was resolved"
        XCTAssertEqual(db.matches(in: subject), [1, 2])
        XCTAssertEqual(db.matches(in: scalars(0x041C) + "icrosoft"), [3])
        XCTAssertEqual(db.rawMatches(in: scalars(0x041C) + "icrosoft"), [])
        XCTAssertEqual(db.matches(in: ""), [])
    }

    func testEmptyDatabaseAndBlockDatabaseInAnalyzer() throws {
        let empty = try PatternDatabase([], mode: .stream)
        XCTAssertEqual(analyze("anything", patterns: empty).matches, [])
        let block = try database(["anything"], mode: .block)
        XCTAssertEqual(analyze("anything", patterns: block).matches, [], "block databases do not stream")
    }

    func testScratchIsReusedAcrossMessagesAndThreads() throws {
        let db = try database(["callback"])
        DispatchQueue.concurrentPerform(iterations: 64) { k in
            let f = analyze("message \(k): please callback", patterns: db)
            XCTAssertEqual(f.matches.map(\.id), [1])
        }
    }
}
