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
        /// `named`: the catalogue index; `leaf`: the index in `leaves`; `all`: where its
        /// children's written places start in `written` when they are laid out in another
        /// order, else -1.
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
    /// For each `all` whose costly children are laid out after the others (see ``cost(_:)``), from its
    /// `arg`: for the child written p-th, its place in the layout. A conjunction of pure
    /// tests answers the same in any order and the first false one ends it; the evaluator
    /// puts the children's evidence back in the written order, so a rule's evidence is
    /// unchanged. `own_relay` (~12 k instructions) written before `not: {platform: none}`,
    /// `sender_identity` (~11 k) before three lexicon tests: the cheap test now decides first.
    package private(set) var written: [Int] = []

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

    /// A rough price of answering `c` the first time, in steps of the cheapest leaves: only the
    /// order of an `all`'s children follows it, never an answer. Leaves read from what
    /// `MessageFeatures` holds (a lexicon's matches, the platform) cost 1; those that walk a
    /// list or the phones a few; those that split and compare the sender's domains, search a
    /// header or work out the customer's text (thousands of instructions) 40. A branch costs
    /// what all its leaves cost, as if none ended it early.
    static let costly = 40

    static func cost(_ c: Condition) -> Int {
        switch c {
        case .always: return 0
        case let .all(cs), let .any(cs): return cs.reduce(0) { $0 + cost($1) }
        case let .not(x), let .named(_, x): return cost(x)
        case .platform, .noPlatform, .lookalike, .near, .forwarded, .client: return 1
        case let .lexicon(lc): return lc.views == nil ? 1 : 4
        case .anomaly, .fromForged, .unexpectedPhone, .phone: return 3
        case .authDomain, .from, .ownList, .fromAuthenticated: return 4
        case .customerText, .senderIdentity, .internalSender, .ownWorkspace, .ownRelay, .fromNameUnspellable, .subject, .header,
            .fromDomainWord, .fromDomainMisspells:
            return costly
        }
    }

    private mutating func add(_ c: Condition) {
        let at = nodes.count
        nodes.append(Node(op: .always, next: 0, arg: 0))
        switch c {
        case .always: break
        case let .all(cs):
            nodes[at].op = .all
            nodes[at].arg = -1
            // The children that reach a costly leaf go last, each part in the order written:
            // a finer order by cost asked more cheap tests than it saved (their answers are
            // mostly false and settle the `all` where they were written; measured +1.2 M
            // instructions over the sample against −0.5 M).
            let costly = cs.map { Self.cost($0) >= Self.costly }
            let order = cs.indices.filter { !costly[$0] } + cs.indices.filter { costly[$0] }
            if order != Array(cs.indices) {
                nodes[at].arg = written.count
                var place = [Int](repeating: 0, count: cs.count)
                for (laid, w) in order.enumerated() { place[w] = laid }
                written += place
            }
            for w in order { add(cs[w]) }
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
