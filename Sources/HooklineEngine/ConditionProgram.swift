/// The rules' conditions laid out once at load, flat: every node of every rule's tree in
/// one array in pre-order, each knowing where its subtree ends, so the evaluator walks a
/// rule by index. `Condition` is an indirect enum: walking it copied (retained and
/// released) the box of every node visited and the array of every `all`/`any`, a few
/// hundred times a message. Leaves keep their `Condition` (what they test is unchanged).
package struct ConditionProgram {
    package enum Op: UInt8 { case always, all, any, not, named, leaf }

    package struct Node {
        package var op: Op
        /// The index after this node's subtree: its next sibling, or its parent's end.
        /// Children of `all`/`any` start at the node after it; `not` and `named` have one.
        package var next: Int
        /// `named`: the catalogue index; `leaf`: the index in `leaves`.
        package var arg: Int
    }

    package private(set) var nodes: [Node] = []
    /// The conditions of `leaf` nodes: anything but `always`, `all`, `any`, `not`, `named`.
    package private(set) var leaves: [Condition] = []
    /// The root node of each rule, in rule order.
    package private(set) var roots: [Int] = []

    package init(_ rules: [RuleDef]) {
        for rule in rules {
            roots.append(nodes.count)
            add(rule.condition)
        }
    }

    private mutating func add(_ c: Condition) {
        let at = nodes.count
        nodes.append(Node(op: .always, next: 0, arg: 0))
        switch c {
        case .always: break
        case let .all(cs):
            nodes[at].op = .all
            for x in cs { add(x) }
        case let .any(cs):
            nodes[at].op = .any
            for x in cs { add(x) }
        case let .not(x):
            nodes[at].op = .not
            add(x)
        case let .named(index, x):
            nodes[at].op = .named
            nodes[at].arg = index
            add(x)
        default:
            nodes[at].op = .leaf
            nodes[at].arg = leaves.count
            leaves.append(c)
        }
        nodes[at].next = nodes.count
    }
}
