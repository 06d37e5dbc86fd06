@testable import HooklineEngine

/// The parts the generated rule sets of `ConditionProgramTests` and `RuleGatesTests` are
/// drawn from: every leaf and every named condition of the given rules, in the order of a
/// depth-first walk (a leaf used in several places is listed as often, so common leaves are
/// drawn more often).
enum ShippedConditions {
    static func leavesAndNamed(_ rules: [RuleDef]) -> (leaves: [Condition], named: [Condition]) {
        var leaves: [Condition] = []
        var named: [Condition] = []
        func walk(_ c: Condition) {
            switch c {
            case let .all(cs), let .any(cs): cs.forEach(walk)
            case let .not(x): walk(x)
            case let .named(_, x):
                named.append(c)
                walk(x)
            case .always: break
            default: leaves.append(c)
            }
        }
        rules.forEach { walk($0.condition) }
        return (leaves, named)
    }

    /// 48 rules of random `all`, `any`, `not` and `always` trees over `pool`, drawn with
    /// `next` (a bound in, a draw below it out), so each test keeps its own seeded sequence.
    static func ruleSet(_ set: Int, from pool: [Condition], _ next: (Int) -> Int) -> [RuleDef] {
        let at = SourceLocation(file: "generated", line: 1, column: 1)
        func tree(_ depth: Int) -> Condition {
            switch next(depth >= 3 ? 2 : 7) {
            case 0, 1: return pool[next(pool.count)]
            case 2, 3: return .all((0..<(1 + next(3))).map { _ in tree(depth + 1) })
            case 4, 5: return .any((0..<(1 + next(4))).map { _ in tree(depth + 1) })
            default: return next(8) == 0 ? .always : .not(tree(depth + 1))
            }
        }
        return (0..<48).map { r in
            RuleDef(
                id: "g\(set)-\(r)", description: "generated", group: "g\(next(3))", score: Double(next(9) - 4),
                condition: tree(0), enabled: next(12) != 0, location: at)
        }
    }
}
