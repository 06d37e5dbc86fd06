import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
import HooklineCore

/// The compiled condition program answers as the `Condition` trees it was built from:
/// every rule of the shipped Config/, over the fixture messages and generated ones that
/// mix the rules' own ingredients (platform senders and their signatures, look-alikes,
/// lexicon phrases in subject and body, phones, lists, forwarding), compared on the whole
/// verdict (rules with their evidence in order, score, action).
final class ConditionProgramTests: XCTestCase {
    func shipped() throws -> (flat: Engine, tree: Engine) {
        let flat: Engine
        switch MessageScanTests.shippedLoad {
        case .success(let e): flat = e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
        return (flat, Engine(config: flat.config, rules: flat.rules, evaluatesConditionTrees: true))
    }

    func testTheProgramHoldsEveryNodeOfEveryRule() throws {
        let rules = try shipped().flat.rules
        func count(_ c: Condition) -> Int {
            switch c {
            case let .all(cs), let .any(cs): return 1 + cs.map(count).reduce(0, +)
            case let .not(x), let .named(_, x): return 1 + count(x)
            default: return 1
            }
        }
        XCTAssertGreaterThan(rules.rules.count, 40)
        XCTAssertEqual(rules.program.roots.count, rules.rules.count)
        XCTAssertEqual(rules.program.nodes.count, rules.rules.map { count($0.condition) }.reduce(0, +))
        for (r, root) in rules.program.roots.enumerated() {
            XCTAssertEqual(rules.program.nodes[root].next - root, count(rules.rules[r].condition), rules.rules[r].id)
        }
    }

    /// The platforms' own names `customer_text` with `foreign` compares with are built at load
    /// as the evaluator built them for each message, for every platform.
    func testPlatformOwnNamesAreBuiltAtLoad() throws {
        let rules = try shipped().flat.rules
        XCTAssertGreaterThan(rules.platforms.count, 20)
        XCTAssertEqual(rules.platformOwnNames.count, rules.platforms.count)
        for (i, p) in rules.platforms.enumerated() {
            XCTAssertEqual(rules.platformOwnNames[i], RuleEvaluator.ownNames(p), p.name)
        }
    }

    func compare(_ message: [UInt8], _ engines: (flat: Engine, tree: Engine), _ name: String) -> Int {
        var envelope = Envelope()
        if message.count % 3 == 0 { envelope.rcptTo = ["alice@corp.example"] }
        let a = FileScan.scan(bytes: message, engine: engines.flat, envelope: envelope, chunkSize: 4096)
        let b = FileScan.scan(bytes: message, engine: engines.tree, envelope: envelope, chunkSize: 4096)
        XCTAssertEqual(a.rules, b.rules, name)
        XCTAssertEqual(a.score, b.score, name)
        XCTAssertEqual(a.action, b.action, name)
        return a.rules.count
    }

    func testFixtureMessagesGetTheSameVerdict() throws {
        let engines = try shipped()
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("messages")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".eml") }.sorted()
        XCTAssertGreaterThan(names.count, 20)
        var hits = 0
        for name in names {
            hits += compare(Array(try Data(contentsOf: dir.appendingPathComponent(name))), engines, name)
        }
        XCTAssertGreaterThan(hits, 20)
    }

    func testGeneratedMessagesGetTheSameVerdict() throws {
        let engines = try shipped()
        var hits = 0
        for (i, m) in Self.generatedMessages(400, engines.flat.rules, seed: 0x5EED).enumerated() {
            hits += compare(m, engines, "generated \(i):\n\(String(decoding: m, as: UTF8.self))")
        }
        // The generator must reach the rules, or the comparison says little.
        XCTAssertGreaterThan(hits, 400)
    }

    /// The program (with its memo of leaves written more than once and the lists it indexed
    /// at load) answers as the trees for rule sets other than the shipped one: rules made at
    /// random of `all`, `any`, `not` and `always` over the shipped rules' own leaves and
    /// named conditions, drawn from a few per set so that the same leaf stands in many places
    /// (under `not`, in `any` after a true part, in a rule that fails after it held).
    func testGeneratedRuleSetsAnswerAsTheTrees() throws {
        let shippedEngine = try shipped().flat
        let (leaves, named) = ShippedConditions.leavesAndNamed(shippedEngine.rules.rules)
        XCTAssertGreaterThan(leaves.count, 100)
        XCTAssertGreaterThan(named.count, 10)
        var state: UInt64 = 0xC0_FFEE
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return n <= 0 ? 0 : Int(state >> 33) % n
        }
        var hits = 0
        var shared = 0
        for set in 0..<6 {
            // Each drawn leaf beside a sibling that differs in one parameter: the memo must
            // tell them apart.
            let drawn = (0..<16).map { _ in leaves[next(leaves.count)] }
            let pool = drawn + drawn.compactMap(Self.sibling) + (0..<6).map { _ in named[next(named.count)] }
            let rules = ShippedConditions.ruleSet(set, from: pool, next)
            let compiled = shippedEngine.rules.withRules(rules)
            shared += compiled.program.memoCount
            let engines = (
                flat: Engine(config: shippedEngine.config, rules: compiled),
                tree: Engine(config: shippedEngine.config, rules: compiled, evaluatesConditionTrees: true)
            )
            for (i, m) in Self.generatedMessages(60, compiled, seed: UInt64(set) &+ 0xA11CE).enumerated() {
                hits += compare(m, engines, "rule set \(set), message \(i):\n\(String(decoding: m, as: UTF8.self))")
            }
        }
        XCTAssertGreaterThan(shared, 30)  // leaves standing in several places, which the memo answers
        XCTAssertGreaterThan(hits, 300)
    }

    /// The leaves the evaluator answers from ``ConditionProgram/kinds`` stand in the shipped
    /// rules (so the comparisons above reach every fast kind), and a platform name two
    /// platforms share is left to the general path.
    func testLeafKindsAreResolvedAtLoad() throws {
        let program = try shipped().flat.rules.program
        var seen = Set<UInt8>()
        for (k, kind) in program.kinds.enumerated() {
            seen.insert(kind.code.rawValue)
            switch (kind.code, program.leaves[k]) {
            case (.lexicon, let .lexicon(lc)): XCTAssertTrue(lc.views == nil && kind.a == lc.lexicon && kind.b == lc.min)
            case (.near, let .near(lexicon, within)): XCTAssertTrue(kind.a == lexicon && kind.b == within)
            case (.anyPlatform, .platform(nil)), (.onePlatform, .platform(_?)), (.noPlatform, .noPlatform), (.forwarded, .forwarded),
                (.general, _):
                break
            default: XCTFail("leaf \(k) resolved as \(kind.code)")
            }
        }
        XCTAssertEqual(seen.count, 7)
        let at = SourceLocation(file: "t", line: 1, column: 1)
        let rule = RuleDef(
            id: "r", description: "", group: "g", score: 1, condition: .any([.platform("a"), .platform("b")]), enabled: true,
            location: at)
        let shared = ConditionProgram([rule], platformNames: ["a", "b", "a"])
        XCTAssertEqual(shared.kinds.map(\.code), [.general, .onePlatform])
        XCTAssertEqual(shared.kinds[1].a, 1)
    }

    /// A leaf that tests the same as `c` with one parameter changed, when `c` has one.
    static func sibling(_ c: Condition) -> Condition? {
        switch c {
        case var .lexicon(lc):
            lc.min += 1
            return .lexicon(lc)
        case var .phone(pc):
            pc.min += 1
            return .phone(pc)
        case var .customerText(ct):
            ct.foreign.toggle()
            return .customerText(ct)
        case let .near(lexicon, within): return .near(lexicon: lexicon, within: within / 4)
        case let .platform(name): return .platform(name == nil ? "paypal" : nil)
        default: return nil
        }
    }

    /// Leaves with the same test share a memo key and leaves that differ in any parameter
    /// do not: every leaf of the shipped rules against a copy of itself and its sibling.
    func testLeafKeysTellVariantsApart() throws {
        let program = try shipped().flat.rules.program
        XCTAssertGreaterThan(program.memoCount, 10)
        var siblings = 0
        for leaf in program.leaves {
            guard let key = ConditionProgram.key(leaf) else { continue }
            XCTAssertEqual(ConditionProgram.key(leaf), key)
            if let other = Self.sibling(leaf) {
                XCTAssertNotEqual(ConditionProgram.key(other), key, "\(key)")
                siblings += 1
            }
        }
        XCTAssertGreaterThan(siblings, 50)
        var views = LexiconCondition(lexicon: 3)
        views.views = [.plain]
        var moreViews = views
        moreViews.views = [.plain, .html]
        XCTAssertNotEqual(ConditionProgram.key(.lexicon(views)), ConditionProgram.key(.lexicon(moreViews)))
        XCTAssertNotEqual(ConditionProgram.key(.lexicon(views)), ConditionProgram.key(.lexicon(LexiconCondition(lexicon: 3))))
        XCTAssertNotEqual(
            ConditionProgram.key(.from(AddressIndex(["a@b.example", "c"]))), ConditionProgram.key(.from(AddressIndex(["a@b.example"]))))
        XCTAssertNotEqual(ConditionProgram.key(.authDomain(["ab", "c"])), ConditionProgram.key(.authDomain(["a", "bc"])))
        XCTAssertNotEqual(
            ConditionProgram.key(.header(name: "list-id", pattern: nil)), ConditionProgram.key(.header(name: "list-id", pattern: 0)))
        XCTAssertEqual(
            ConditionProgram.key(.fromDomainMisspells(["paypal", "amazon"])),
            ConditionProgram.key(.fromDomainMisspells(["paypal", "amazon"])))
    }

    /// Messages that mix the rules' own ingredients: platform senders and their signatures,
    /// look-alikes, lexicon phrases in subject and body, phones, lists, forwarding.
    static func generatedMessages(_ count: Int, _ rules: CompiledRules, seed: UInt64) -> [[UInt8]] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return n <= 0 ? 0 : Int(state >> 33) % n
        }
        func pick<T>(_ xs: [T]) -> T? { xs.isEmpty ? nil : xs[next(xs.count)] }
        // Lexicon phrases of every lexicon (platform labels and customer-text ends included).
        let phrases = rules.lexicons.flatMap { $0.phrases.prefix(3).map(\.text) }
        let senders = rules.platforms.flatMap { p in
            p.senders.map { $0.hasPrefix("@") ? "notice" + $0 : $0 }
        }
        let signers = rules.platforms.flatMap(\.authDomains)
        let strangers = [
            "billing@secure-paypa1-billing.com", "jane@gmail.com", "it@corp.example", "ops-list@corp.example",
            "azure-noreply=microsoft.com@groups.io", "help@micros0ft-support.net", "news@firstharborbank.com",
            "alerts@paypal.com", "notice@mail.irs.gov",
        ]
        let phones = ["+1 (864) 347-2494", "1-800-555-0199", "+44 20 7946 0958", "call 888 555 0142", "01 86 76 12 34"]
        let names = ["Microsoft Azure", "PayPal", "First Harbor Bank", "Billing Department via Alerts", "Jane Doe", "さくら"]
        var out: [[UInt8]] = []
        for i in 0..<count {
            let from = next(3) == 0 ? pick(strangers) ?? "" : pick(senders) ?? ""
            let fromDomain = from.split(separator: "@").last.map(String.init) ?? ""
            var m = "Delivered-To: alice@corp.example\r\n"
            switch next(4) {
            case 0:
                m +=
                    "Authentication-Results: mx1.corp.example; dkim=pass header.d=\(pick(signers) ?? ""); dmarc=pass header.from=\(fromDomain)\r\n"
            case 1:
                m += "Authentication-Results: mx1.corp.example; dkim=pass header.d=\(fromDomain); dmarc=pass header.from=\(fromDomain)\r\n"
            case 2: m += "Authentication-Results: mx1.corp.example; dmarc=fail header.from=\(fromDomain)\r\n"
            default: break
            }
            m += "From: \(pick(names) ?? "") <\(from)>\r\n"
            m += "To: \(next(2) == 0 ? "ops-list@corp.example" : "victim@elsewhere.example")\r\n"
            if next(4) == 0 { m += "Sender: \(pick(senders) ?? "")\r\n" }
            if next(4) == 0 { m += "Reply-To: \(pick(strangers) ?? "")\r\n" }
            if next(5) == 0 { m += "List-Id: <alerts.\(next(2) == 0 ? "corp.example" : "groups.io")>\r\n" }
            if next(6) == 0 { m += "Resent-From: x@y.example\r\n" }
            m += "Subject: \((0..<next(3)).compactMap { _ in pick(phrases) }.joined(separator: " "))\r\n"
            m += "Message-ID: <\(i)@gen.example>\r\n"
            var body: [String] = []
            for _ in 0..<(1 + next(8)) {
                body.append(pick(phrases) ?? "")
                if next(3) == 0 { body.append(pick(phones) ?? "") }
                if next(4) == 0 { body.append("Lorem ipsum dolor sit amet, consectetur.") }
            }
            if next(2) == 0 {
                m +=
                    "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>" + body.joined(separator: "</p><p>")
                    + "</p></body></html>\r\n"
            } else {
                m += "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.joined(separator: next(2) == 0 ? "\r\n" : " ") + "\r\n"
            }
            out.append(Array(m.utf8))
        }
        return out
    }
}
