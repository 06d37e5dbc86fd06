import XCTest
import HooklineCore
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
@testable import HooklineDetect

final class PhraseRegexTests: XCTestCase {
    func testPhrasesBecomeEscapedLiteralsWithWordBoundaries() {
        XCTAssertEqual(CompiledRules.phraseRegex("24/7"), "\\b24\\/7\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("call us"), "\\bcall us\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("auto-renewal"), "\\bauto\\-renewal\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("(1 year)"), "\\(1 year\\)")
        XCTAssertEqual(CompiledRules.phraseRegex("non autorisé"), "\\bnon autorisé")
    }

    /// A phrase matches inside one view only, and where it matches, its start (its end less
    /// its length) is where its first word begins.
    func testPhraseStaysInsideAViewAndQuotesItsStart() throws {
        let specs = ["webex meeting", "call us"].enumerated().map { i, phrase in
            PatternSpec(
                id: UInt32(i + 1), expression: CompiledRules.phraseRegex(phrase),
                length: CompiledRules.phraseLength(phrase))
        }
        let db = try PatternDatabase(specs, mode: .stream)
        let analyzer = TextAnalyzer(patterns: db, limits: .default, regions: ["US"])
        for (view, text) in [
            (TextView.subject, "Invitation: Webex"), (.plain, "Meeting on Monday. Please  call\n us"),
            (.html, "join the Webex \t meeting"),
        ] {
            analyzer.begin(view)
            Array(text.utf8).withUnsafeBytes { analyzer.text($0) }
            analyzer.end()
        }
        let found = analyzer.finish().matches
        XCTAssertEqual(found.map(\.evidence), ["call us", "webex meeting"], "\(found.map { ($0.evidence, $0.view) })")
        XCTAssertEqual(found.map(\.view), [.plain, .html])
    }

    func testPhraseLengthIsWhatTheNormalisedTextHolds() {
        XCTAssertEqual(CompiledRules.phraseLength("call us"), 7)
        XCTAssertEqual(CompiledRules.phraseLength("  call   us "), 7, "runs of spaces collapse")
        XCTAssertEqual(CompiledRules.phraseLength("non autorisé"), 13, "bytes, not characters")
        XCTAssertEqual(CompiledRules.phraseLength("24/7"), 4)
    }

    /// A phrase with a long run of one letter took Vectorscan 13 s to compile with
    /// start-of-match tracking (found by the config fuzzer); phrases no longer ask for it.
    func testPathologicalPhraseCompilesWithoutStartTracking() throws {
        let phrase = String(repeating: "s", count: 60) + "judulent transaction"
        let specs = (0..<20).map { i in
            PatternSpec(
                id: UInt32(i), expression: CompiledRules.phraseRegex(phrase + " \(i)"),
                length: CompiledRules.phraseLength(phrase + " \(i)"))
        }
        let db = try PatternDatabase(specs, mode: .stream)
        XCTAssertEqual(db.count, 20)
        XCTAssertEqual(db.fixedLength.count, 20, "every phrase compiled without start-of-match tracking")
    }

    func testFoldPhraseCollapsesCaseAndSpace() {
        XCTAssertEqual(RuleFileParser.foldPhrase("  Unauthorized \t CHARGE "), "unauthorized charge")
    }

    func testIPNetworkContainment() throws {
        let net = try XCTUnwrap(IPNetwork("192.0.2.0/24"))
        XCTAssertTrue(net.contains("192.0.2.77"))
        XCTAssertFalse(net.contains("192.0.3.1"))
        XCTAssertTrue(net.contains("::ffff:192.0.2.9"))
        let v6 = try XCTUnwrap(IPNetwork("2001:db8::/32"))
        XCTAssertTrue(v6.contains("2001:db8:1::5"))
        XCTAssertFalse(v6.contains("2001:db9::1"))
        XCTAssertNil(IPNetwork("300.1.1.1"))
        XCTAssertNil(IPNetwork("10.0.0.0/33"))
    }
}
