import XCTest
@testable import HooklineRules

final class PhraseRegexTests: XCTestCase {
    func testPhrasesBecomeEscapedLiteralsWithWordBoundaries() {
        XCTAssertEqual(CompiledRules.phraseRegex("24/7"), "\\b24\\/7\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("call us"), "\\bcall\\s+us\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("auto-renewal"), "\\bauto\\-renewal\\b")
        XCTAssertEqual(CompiledRules.phraseRegex("(1 year)"), "\\(1\\s+year\\)")
        XCTAssertEqual(CompiledRules.phraseRegex("non autorisé"), "\\bnon\\s+autorisé")
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
