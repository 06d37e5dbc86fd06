import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineOffline
import HooklineCore
import HooklineDetect

/// The rules ``RuleGates`` skips are rules the walk answers false: the gated program, the
/// program walking every rule and the `Condition` trees give the same verdicts over the
/// shipped rules and over generated rule sets (every kind of leaf the gates read, under
/// `not`, `any` and `all`), and the clauses derived for hand-written conditions say what
/// the conditions need.
final class RuleGatesTests: XCTestCase {
    typealias Engines = (gated: Engine, walked: Engine, tree: Engine)

    func engines(_ rules: CompiledRules, _ config: HooklineConfig) -> Engines {
        (
            Engine(config: config, rules: rules),
            Engine(config: config, rules: rules, gatesRules: false),
            Engine(config: config, rules: rules, evaluatesConditionTrees: true)
        )
    }

    func shipped() throws -> Engine {
        switch MessageScanTests.shippedLoad {
        case .success(let e): return e
        case .failure(let f): throw XCTSkip("shipped config invalid: \(f.diagnostics)")
        }
    }

    /// The verdicts of the three engines; returns how many rules held.
    func compare(_ message: [UInt8], _ e: Engines, _ name: @autoclosure () -> String) -> Int {
        var envelope = Envelope()
        if message.count % 3 == 0 { envelope.rcptTo = ["alice@corp.example"] }
        let a = FileScan.scan(bytes: message, engine: e.gated, envelope: envelope, chunkSize: 4096)
        let b = FileScan.scan(bytes: message, engine: e.walked, envelope: envelope, chunkSize: 4096)
        let c = FileScan.scan(bytes: message, engine: e.tree, envelope: envelope, chunkSize: 4096)
        if a.rules != b.rules || a.rules != c.rules || a.score != b.score {
            XCTFail("gated \(a.rules.map(\.id)), walked \(b.rules.map(\.id)), tree \(c.rules.map(\.id)): \(name())")
        }
        return a.rules.count
    }

    func testShippedRulesGetTheSameVerdictGated() throws {
        let shipped = try shipped()
        let e = engines(shipped.rules, shipped.config)
        var hits = 0
        for (i, m) in ConditionProgramTests.generatedMessages(300, shipped.rules, seed: 0x6A7E).enumerated() {
            hits += compare(m, e, "generated \(i):\n\(String(decoding: m, as: UTF8.self))")
        }
        XCTAssertGreaterThan(hits, 300)
        // Most shipped rules need something a message may lack; the gates number the nodes
        // as the program does, and many `all` nodes have parts worth asking first.
        let gates = shipped.rules.gates
        XCTAssertGreaterThan(gates.ruleClauses.filter { !$0.isEmpty }.count, shipped.rules.rules.count * 3 / 4)
        XCTAssertEqual(gates.nodeCode.count, shipped.rules.program.nodes.count + 1)
        XCTAssertEqual(gates.roots, shipped.rules.program.roots)
        XCTAssertGreaterThan(gates.checks.count, 40)
    }

    /// Rule sets made at random of `all`, `any`, `not` and `always` over the shipped rules'
    /// leaves and named conditions, and over leaves made here of the kinds the gates read
    /// with parameters the shipped rules do not use (`min` 0 and 2, views and types
    /// together, several platforms by name, anomalies, empty sets).
    func testGeneratedRuleSetsGetTheSameVerdictGated() throws {
        let shipped = try shipped()
        let (leaves, named) = ShippedConditions.leavesAndNamed(shipped.rules.rules)
        var state: UInt64 = 0x6A7E_5EED
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return n <= 0 ? 0 : Int(state >> 33) % n
        }
        let views = TextView.allCases
        let types: [PhoneType] = [.tollFree, .premium, .mobile, .fixed, .fixedOrMobile, .voip, .sharedCost, .other]
        func someViews() -> Set<TextView> { Set((0..<next(4)).map { _ in views[next(views.count)] }) }
        func made() -> Condition {
            switch next(8) {
            case 0:
                var lc = LexiconCondition(lexicon: next(shipped.rules.lexicons.count))
                lc.min = next(3)
                if next(2) == 0 { lc.views = someViews() }
                return .lexicon(lc)
            case 1, 2:
                var pc = PhoneCondition()
                pc.min = next(3)
                pc.includeOwn = next(3) == 0
                if next(2) == 0 { pc.views = someViews() }
                if next(2) == 0 { pc.types = Set((0..<next(3)).map { _ in types[next(types.count)] }) }
                return .phone(pc)
            case 3:
                let p = shipped.rules.platforms
                return .platform(next(4) == 0 ? nil : next(6) == 0 ? "no-such-platform" : p[next(p.count)].name)
            case 4: return .anomaly(Anomaly.allCases[next(Anomaly.allCases.count)])
            case 5:
                var ct = CustomerTextCondition()
                ct.phone = next(2) == 0
                ct.lexicon = next(2) == 0 ? nil : next(shipped.rules.lexicons.count)
                return .customerText(ct)
            case 6: return .near(lexicon: next(shipped.rules.lexicons.count), within: 50 + next(300))
            default: return next(2) == 0 ? .noPlatform : .forwarded
            }
        }
        var hits = 0
        for set in 0..<6 {
            let pool =
                (0..<16).map { _ in leaves[next(leaves.count)] } + (0..<16).map { _ in made() }
                + (0..<6).map { _ in named[next(named.count)] }
            let rules = ShippedConditions.ruleSet(set, from: pool, next)
            let compiled = shipped.rules.withRules(rules)
            let e = engines(compiled, shipped.config)
            for (i, m) in ConditionProgramTests.generatedMessages(60, compiled, seed: UInt64(set) &+ 0x6A7E).enumerated() {
                hits += compare(m, e, "rule set \(set), message \(i):\n\(String(decoding: m, as: UTF8.self))")
            }
        }
        XCTAssertGreaterThan(hits, 300)
    }

    /// The clauses of hand-written conditions, read against facts set by hand.
    func testClausesSayWhatAConditionNeeds() {
        let at = SourceLocation(file: "t", line: 1, column: 1)
        func rule(_ c: Condition) -> RuleDef {
            RuleDef(id: "r", description: "", group: "g", score: 1, condition: c, enabled: true, location: at)
        }
        var ask = LexiconCondition(lexicon: 4)
        ask.min = 1
        var fromName = LexiconCondition(lexicon: 5)
        fromName.views = [.fromName]
        let rules = [
            // 0: a lexicon and a platform
            rule(.all([.lexicon(ask), .platform(nil)])),
            // 1: no platform, or the lexicon in the display name
            rule(.any([.noPlatform, .lexicon(fromName)])),
            // 2: not the lexicon: holds when it did not match
            rule(.not(.lexicon(ask))),
            // 3: near needs the lexicon and a phone
            rule(.near(lexicon: 4, within: 100)),
            // 4: a leaf the gates cannot read: nothing known
            rule(.lookalike),
            // 5: not always: never
            rule(.not(.always)),
        ]
        let g = RuleGates(rules, platforms: [], program: ConditionProgram(rules))
        func facts(_ atoms: [Int]) -> [UInt64] {
            var t = [UInt64](repeating: 0, count: max(1, g.words))
            for a in atoms where a >= 0 { t[a >> 6] |= 1 << UInt64(a & 63) }
            return t
        }
        let lex = g.lexiconAtoms.first { $0.lexicon == 4 }?.atom ?? -1
        let view = g.lexiconViewAtoms.first { $0.lexicon == 5 }?.atoms[RuleGates.viewIndex(.fromName)] ?? -1
        let phone = g.phoneAny[0]
        XCTAssertTrue(lex >= 0 && view >= 0 && phone >= 0 && g.platformAny >= 0)
        let none = facts([])
        XCTAssertEqual((0..<6).map { g.mayHold($0, none) }, [false, true, true, false, true, false])
        let lexAndPlatform = facts([lex, g.platformAny])
        XCTAssertEqual((0..<6).map { g.mayHold($0, lexAndPlatform) }, [true, false, false, false, true, false])
        let platformAndView = facts([g.platformAny, view, phone])
        XCTAssertEqual((0..<6).map { g.mayHold($0, platformAndView) }, [false, true, true, false, true, false])
        XCTAssertTrue(g.mayHold(3, facts([lex, phone])))
    }
}
