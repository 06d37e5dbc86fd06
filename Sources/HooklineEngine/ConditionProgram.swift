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
    /// For each leaf, its slot in the evaluator's per-message memo, or -1. Leaves that test
    /// the same thing (`from: {list: webmail}` is written seven times, `own_workspace`
    /// twice, `from_domain_misspells` twice) give the same answer and the same evidence
    /// within a message, since a leaf depends on the message alone: the first one asked
    /// answers for the others. Only leaves written more than once get a slot.
    package private(set) var memoSlots: [Int] = []
    /// How many memo slots (distinct leaves written more than once).
    package private(set) var memoCount = 0
    /// For each leaf, what the load works out once for it: an `auth_domain` list's index,
    /// a `from_domain_misspells` list's bytes by first letters, a `from_domain_word` list's
    /// bytes; `.asWritten` for the rest.
    private(set) var resolved: [ResolvedLeaf] = []

    /// For each leaf, its kind and parameters as plain numbers when it is one of the kinds
    /// most leaves of a message are (a lexicon with no views, `near`, `platform`, `forwarded`):
    /// the evaluator answers those without copying the leaf's `Condition` out of `leaves`
    /// (a retain and release of its payload) or entering the general `leaf` switch, ~100
    /// leaves a message. `.general` for the rest.
    package private(set) var kinds: [LeafKind] = []

    package struct LeafKind {
        package enum Code: UInt8 {
            /// Answered from its `Condition`.
            case general
            /// `lexicon` with no views: `a` the lexicon, `b` its `min`.
            case lexicon
            /// `near`: `a` the lexicon, `b` its `within`.
            case near
            /// `platform: any`.
            case anyPlatform
            /// `platform: NAME` of the one platform so named, at index `a`.
            case onePlatform
            /// `platform: none`.
            case noPlatform
            case forwarded
        }
        package var code: Code
        package var a = 0
        package var b = 0
    }

    enum ResolvedLeaf {
        case asWritten
        case authDomain(DomainIndex)
        case misspells(SenderDomainWords.BrandIndex)
        case domainWords(SenderDomainWords.Words)
    }

    /// `platformNames`: the rules' platforms' names in order, which `platform: NAME` leaves
    /// are resolved against (a name two platforms share stays `.general`).
    package init(_ rules: [RuleDef], platformNames: [String] = []) {
        for rule in rules {
            roots.append(nodes.count)
            add(rule.condition)
        }
        // Leaves by what they test; a leaf whose test has no key here is never shared.
        var firstOf: [[String]: Int] = [:]
        var sameAs = [Int](repeating: -1, count: leaves.count)
        var shared = [Bool](repeating: false, count: leaves.count)
        for (k, leaf) in leaves.enumerated() {
            guard let key = Self.key(leaf) else { continue }
            if let first = firstOf[key] {
                sameAs[k] = first
                shared[first] = true
            } else {
                firstOf[key] = k
            }
        }
        memoSlots = [Int](repeating: -1, count: leaves.count)
        for k in leaves.indices where shared[k] {
            memoSlots[k] = memoCount
            memoCount += 1
        }
        for k in leaves.indices where sameAs[k] >= 0 { memoSlots[k] = memoSlots[sameAs[k]] }
        kinds = leaves.map { leaf in
            switch leaf {
            case let .lexicon(lc) where lc.views == nil: return LeafKind(code: .lexicon, a: lc.lexicon, b: lc.min)
            case let .near(lexicon, within): return LeafKind(code: .near, a: lexicon, b: within)
            case .platform(nil): return LeafKind(code: .anyPlatform)
            case let .platform(name?):
                let at = platformNames.indices.filter { platformNames[$0] == name }
                return at.count == 1 ? LeafKind(code: .onePlatform, a: at[0]) : LeafKind(code: .general)
            case .noPlatform: return LeafKind(code: .noPlatform)
            case .forwarded: return LeafKind(code: .forwarded)
            default: return LeafKind(code: .general)
            }
        }
        resolved = leaves.map { leaf in
            switch leaf {
            case let .authDomain(list): return .authDomain(DomainIndex(list))
            case let .fromDomainMisspells(brands): return .misspells(SenderDomainWords.BrandIndex(brands))
            case let .fromDomainWord(words): return .domainWords(SenderDomainWords.Words(words))
            default: return .asWritten
            }
        }
    }

    /// What a leaf tests, as strings equal for two leaves exactly when they test the same
    /// thing with the same parameters (so answer and evidence alike); nil for kinds not
    /// compared (network lists), which are then never shared. The first string names the
    /// kind, which fixes how many fields follow; a kind's one list of any length comes last,
    /// entry by entry (a list written into one string cost ~18 M instructions at load), and
    /// a set is one field, its members sorted and each written with its length first.
    static func key(_ c: Condition) -> [String]? {
        func set<T>(_ s: Set<T>?) -> String {
            s.map { "s" + $0.map { String(describing: $0) }.sorted().map { "\($0.utf8.count):\($0)" }.joined() } ?? "n"
        }
        func int(_ i: Int?) -> String { i.map { "\($0)" } ?? "n" }
        switch c {
        case .always, .all, .any, .not, .named, .client: return nil
        case let .platform(name): return ["platform", name.map { "s" + $0 } ?? "n"]
        case .noPlatform: return ["noPlatform"]
        case .lookalike: return ["lookalike"]
        case .unexpectedPhone: return ["unexpectedPhone"]
        case let .customerText(ct): return ["customerText", "\(ct.phone)", int(ct.lexicon), "\(ct.foreign)"]
        case .senderIdentity: return ["senderIdentity"]
        case .internalSender: return ["internalSender"]
        case .fromForged: return ["fromForged"]
        case .ownWorkspace: return ["ownWorkspace"]
        case .ownRelay: return ["ownRelay"]
        case .ownList: return ["ownList"]
        case .fromNameUnspellable: return ["fromNameUnspellable"]
        case .fromAuthenticated: return ["fromAuthenticated"]
        case let .phone(pc): return ["phone", "\(pc.min)", set(pc.types), set(pc.views), "\(pc.includeOwn)", set(pc.numbers)]
        case let .lexicon(lc): return ["lexicon", "\(lc.lexicon)", "\(lc.min)", set(lc.views)]
        case let .near(lexicon, within): return ["near", "\(lexicon)", "\(within)"]
        case let .subject(id): return ["subject", "\(id)"]
        case let .header(name, pattern): return ["header", name, pattern.map { "\($0)" } ?? "n"]
        case let .from(list): return ["from"] + list.entries
        case let .fromDomainWord(words): return ["fromDomainWord"] + words
        case let .fromDomainMisspells(brands): return ["fromDomainMisspells"] + brands
        case let .authDomain(list): return ["authDomain"] + list
        case .forwarded: return ["forwarded"]
        case let .anomaly(a): return ["anomaly", a.rawValue]
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
