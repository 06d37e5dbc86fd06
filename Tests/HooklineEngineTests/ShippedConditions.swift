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
}
