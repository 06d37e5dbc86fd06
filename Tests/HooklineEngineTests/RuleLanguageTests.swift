import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline

/// Groups with caps, named lists and named conditions: the rule-file keys that
/// let a concept be written once and tuned from `local.d/`. The broken cases
/// (unknown names, cycles, bad caps) are golden fixtures run by
/// ``ConfigDiagnosticsTests``; these cover configs that load.
final class RuleLanguageTests: XCTestCase {
    func engine(_ fixture: String) throws -> Engine {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("configs").appendingPathComponent(fixture)
        switch ConfigLoader.load(path: dir.appendingPathComponent("hookline.yaml").path) {
        case .success(let e): return e
        case .failure(let f):
            XCTFail("\(fixture) should load:\n" + f.diagnostics.map(\.description).joined(separator: "\n"))
            throw XCTSkip("config did not load")
        }
    }

    func scan(_ message: String, _ engine: Engine) -> Verdict {
        FileScan.scan(bytes: Array(message.utf8), engine: engine, chunkSize: 65535)
    }

    func rule(_ id: String, _ engine: Engine) throws -> RuleDef {
        try XCTUnwrap(engine.rules.rules.first { $0.id == id }, "rule \(id)")
    }

    static let plainMessage = "From: someone@example.org\r\nTo: you@example.net\r\nSubject: hello\r\n\r\nhello\r\n"

    // MARK: groups

    func testCappedGroupsCountAtMostTheirBoundsButRulesKeepTheirScores() throws {
        let e = try engine("group-caps")
        let v = scan(Self.plainMessage, e)
        // story 3+2.5+1.5 = 7 capped to 5; reassurance -8 bounded to -6; the undeclared
        // group adds its 2 as is; relaxed had its cap lifted by the local file: 6.
        XCTAssertEqual(v.score, 7.0, v.headerValue)
        XCTAssertEqual(v.action, .tag)
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: v.rules.map { ($0.id, $0.score) }),
            [
                "STORY_A": 3.0, "STORY_B": 2.5, "STORY_C": 1.5, "LEGIT_A": -4.0, "LEGIT_B": -4.0,
                "UNDECLARED": 2.0, "RELAXED_A": 3.0, "RELAXED_B": 3.0,
            ], "explanations show each rule's own score")
        XCTAssertEqual(
            v.cappedGroups,
            [
                GroupScore(group: "story", sum: 7.0, counted: 5.0, maxScore: 5, minScore: nil),
                GroupScore(group: "reassurance", sum: -8.0, counted: -6.0, maxScore: nil, minScore: -6),
            ])
        let relaxed = try XCTUnwrap(e.rules.groups["relaxed"])
        XCTAssertNil(relaxed.maxScore, "local max_score: null lifts the cap")
        XCTAssertEqual(e.rules.groups["story"]?.description, "one lure seen three ways")

        let json = VerdictJSON.line(file: "m.eml", verdict: v, elapsedMicros: 1)
        XCTAssertTrue(json.hasPrefix("{\"file\":\"m.eml\",\"action\":\"tag\",\"score\":7.0,\"rules\":[{\"id\":"), json)
        XCTAssertTrue(
            json.contains(
                ",\"capped\":[{\"group\":\"story\",\"sum\":7.0,\"counted\":5.0},"
                    + "{\"group\":\"reassurance\",\"sum\":-8.0,\"counted\":-6.0}]"), json)
    }

    func testAGroupNeverAddsMoreThanItsCapWhateverFires() {
        let groups = ["g": GroupDef(name: "g", maxScore: 4, minScore: -3, location: .init(file: "f", line: 1, column: 1))]
        let scores: [Double] = [0.5, 1.5, 2.5, -1, -2.5, 3, -4, 0.1]
        for n in 0...scores.count {
            for start in 0..<scores.count {
                let hits = (0..<n).map { i in
                    RuleHit(id: "R\(i)", score: scores[(start + i) % scores.count], description: "", evidence: [], group: "g")
                }
                let (total, _) = GroupScore.total(hits, groups: groups)
                XCTAssertLessThanOrEqual(total, 4 + 1e-9)
                XCTAssertGreaterThanOrEqual(total, -3 - 1e-9)
            }
        }
    }

    func testWithoutCapsTheTotalIsThePlainSum() {
        let hits = [0.1, 0.2, 0.3, -0.7, 2.5].enumerated().map {
            RuleHit(id: "R\($0.offset)", score: $0.element, description: "", evidence: [], group: "lure")
        }
        let declaredUncapped = ["lure": GroupDef(name: "lure", location: .init(file: "f", line: 1, column: 1))]
        for groups in [[:], declaredUncapped] {
            let (total, capped) = GroupScore.total(hits, groups: groups)
            XCTAssertEqual(total, hits.reduce(0) { $0 + $1.score }, "bit for bit the same as before caps existed")
            XCTAssertTrue(capped.isEmpty)
        }
    }

    // MARK: lists

    func testLocalFileExtendsAndReplacesNamedLists() throws {
        let e = try engine("list-extend")
        guard case let .from(webmail) = try rule("FROM_WEBMAIL", e).condition else { return XCTFail("from condition") }
        XCTAssertEqual(webmail.entries, ["@gmail.com", "@outlook.com", "@mail.example"], "added, lowercased, @aol.com removed")
        guard case let .from(mixed) = try rule("FROM_WEBMAIL_OR_OURS", e).condition else { return XCTFail("from condition") }
        XCTAssertEqual(mixed.entries, ["@gmail.com", "@outlook.com", "@mail.example", "@ours.example"])
        guard case let .authDomain(partners) = try rule("PARTNER", e).condition else { return XCTFail("auth_domain") }
        XCTAssertEqual(partners, ["billing.example", "payroll.example"], "a plain list replaces")
        guard case let .client(nets) = try rule("OUR_RELAY", e).condition else { return XCTFail("client") }
        XCTAssertEqual(nets.count, 2)

        let added = scan(Self.plainMessage.replacingOccurrences(of: "someone@example.org", with: "x@mail.example"), e)
        XCTAssertEqual(Set(added.rules.map(\.id)), ["FROM_WEBMAIL", "FROM_WEBMAIL_OR_OURS"])
        let removed = scan(Self.plainMessage.replacingOccurrences(of: "someone@example.org", with: "x@aol.com"), e)
        XCTAssertTrue(removed.rules.isEmpty, removed.headerValue)
    }

    func testShippedRulesUseNamedListsInsteadOfAnchors() throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repo.appendingPathComponent("Config/rules/20-callback.yaml"), encoding: .utf8)
        XCTAssertFalse(text.contains("&webmail") || text.contains("*webmail"), "one list, extendable from local.d")
        XCTAssertTrue(text.contains("{list: webmail}"))
    }

    // MARK: named conditions

    func testNamedConditionsAreReusedAndRedefinedLocally() throws {
        let e = try engine("named-condition")
        let a = String(describing: try rule("USES_LURE_PHONE", e).condition)
        let b = String(describing: try rule("USES_IT_TOO", e).condition)
        // inside_mail, two names deep in both rules, now comes from the local file; each name
        // stays in the tree (`named`) so the evaluator answers it once per message.
        for c in [a, b] {
            XCTAssertFalse(c.contains("internalSender"), c)
            XCTAssertTrue(c.contains("not(HooklineEngine.Condition.named(index: "), c)
            XCTAssertTrue(c.contains("HooklineEngine.Condition.not(HooklineEngine.Condition.always))"), c)
        }
        XCTAssertTrue(b.contains(a), "lure_phone inside USES_IT_TOO is the same tree USES_LURE_PHONE uses")
    }

    /// A named condition answered once per message (RuleEvaluator's memo) gives every rule
    /// that uses it the same answer and evidence it would have computed itself.
    func testNamedConditionAnsweredOnceGivesEveryRuleItsEvidence() throws {
        let e = try engine("named-condition")
        let body = "Call us at +1 (415) 555-0100 about your order.\r\n"
        let v = scan(Self.plainMessage.replacingOccurrences(of: "hello\r\n\r\n", with: "hello\r\n\r\n" + body), e)
        let hits = Dictionary(uniqueKeysWithValues: v.rules.map { ($0.id, $0.evidence) })
        XCTAssertEqual(Set(hits.keys), ["USES_LURE_PHONE", "USES_IT_TOO"], v.headerValue)
        XCTAssertEqual(hits["USES_LURE_PHONE"], hits["USES_IT_TOO"])
        XCTAssertEqual(hits["USES_LURE_PHONE"]?.isEmpty, false)
    }
}
