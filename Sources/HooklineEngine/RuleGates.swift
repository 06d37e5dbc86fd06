import HooklineCore
import HooklineDetect

/// Which rules cannot hold for a message, decided before walking them. Most rules are
/// false for most messages (about four of fifty hold), and most of those fail for a reason
/// known before any leaf is asked: no match of a lexicon the rule needs, no platform, no
/// phone. At load every rule gets a necessary condition, as clauses (each an OR of
/// facts about the message, such as "lexicon 12 matched" or "no platform"), all of which
/// must hold for the rule to; a message's facts are one bitset built once, and a rule
/// with a clause none of whose facts hold is skipped: it would have answered false, and a
/// false rule leaves no hit. A rule's answer depends on the message alone (what an
/// earlier rule asked is only kept, never changed), so skipping one changes no other.
///
/// The conditions are derived from each rule's `Condition` tree: a leaf whose answer is
/// exactly a fact (a lexicon with `min: 1`, `platform`, `forwarded`, `anomaly`, `phone`
/// with only views or only types) gives its fact, and its negation under `not`; other
/// leaves give facts they need (`near` a lexicon's match and a phone); `all` joins its
/// parts' clauses, `any` combines one clause of each part into one, `not` swaps what a
/// part needs to hold with what it needs to fail. Clause lists are cut to the shortest
/// few: fewer clauses are a weaker condition, never a wrong one.
struct RuleGates {
    /// A fact or its negation: `atom * 2`, plus 1 when negated.
    typealias Literal = Int
    /// OR of literals, sorted, no repeats. Empty: cannot hold.
    typealias Clause = [Literal]
    /// AND of clauses. Empty: nothing known.
    typealias Clauses = [Clause]

    /// What a node needs to hold (`holds`) and to fail (`fails`).
    struct Need {
        var holds: Clauses = []
        var fails: Clauses = []
    }

    /// The most clauses kept for a node: the shortest (the ones most often false).
    static let maxClauses = 8

    private(set) var atomCount = 0
    /// Lexicons whose having any match is a fact, with its atom.
    private(set) var lexiconAtoms: [(lexicon: Int, atom: Int)] = []
    /// Lexicons with a fact per view (a match in that view), by ``viewIndex(_:)``; -1 unused.
    private(set) var lexiconViewAtoms: [(lexicon: Int, atoms: [Int])] = []
    private(set) var platformAny = -1
    /// A platform whose customers rarely write phone numbers (``PlatformDef/customerPhonesCommon`` false).
    private(set) var platformUncommon = -1
    /// By platform index; -1 unused.
    private(set) var platformAtoms: [Int] = []
    private var uncommon: [Bool] = []
    private(set) var forwarded = -1
    /// Facts about the evidence phones (`[0]`) and all phones (`[1]`): any, by view, by type.
    private(set) var phoneAny = [-1, -1]
    private(set) var phoneViews = [[Int]](repeating: [Int](repeating: -1, count: TextView.allCases.count), count: 2)
    private(set) var phoneTypes = [[Int]](repeating: [Int](repeating: -1, count: Self.phoneTypeCount), count: 2)
    private(set) var anomalyAtoms: [(anomaly: Anomaly, atom: Int)] = []
    /// Whether any fact about the evidence phones (`[0]`) or all phones (`[1]`) is read.
    private var phonesRead = [false, false]

    /// Every node's clauses, one after the other: for each clause its number of terms,
    /// then each term as three words (a facts word's index, the positive literals in it,
    /// the negated ones). Node `i`'s are `code[nodeCode[i] ..< nodeCode[i + 1]]`. One
    /// flat array read through a pointer: a check is asked for every rule and many `all`
    /// nodes of every message.
    private(set) var code: [UInt64] = []
    private(set) var nodeCode: [Int] = [0]
    /// Each rule's root node.
    private(set) var roots: [Int] = []
    /// The children of `all` node `i` worth asking before walking it, other than its first
    /// (which the walk asks first anyway): `checks[checkStart[i] ..< checkStart[i + 1]]`.
    /// A named condition or a shared leaf already answered false by an earlier rule, or a
    /// child whose clauses fail, makes the `all` false before its earlier (costlier) parts
    /// are asked: a money or threat story answered false before a rule asks whether the
    /// sender's domain misspells a brand.
    private(set) var checks: [Int] = []
    private(set) var checkStart: [Int] = [0]
    /// Every rule's clauses as derived (its root node's), for tests.
    var ruleClauses: [Clauses] { roots.map { nodeClauses[$0] } }
    private var nodeClauses: [Clauses] = []
    private var nodeChecks: [[Int]] = []

    var words: Int { (atomCount + 63) / 64 }

    /// `program` is the rules' ``ConditionProgram``: the nodes are numbered as it numbers them.
    init(_ rules: [RuleDef], platforms: [PlatformDef], program: ConditionProgram) {
        platformAtoms = [Int](repeating: -1, count: platforms.count)
        uncommon = platforms.map { !$0.customerPhonesCommon }
        let names = platforms.map(\.name)
        for rule in rules {
            let root = nodeClauses.count
            roots.append(root)
            _ = need(rule.condition, names)
            // A disabled rule is never walked: nothing to know.
            if !rule.enabled { nodeClauses[root] = [] }
        }
        phonesRead = (0..<2).map { s in
            phoneAny[s] >= 0 || phoneViews[s].contains { $0 >= 0 } || phoneTypes[s].contains { $0 >= 0 }
        }
        // Only when the numbering is the program's (it always is; a mismatch gates nothing).
        let same = nodeClauses.count == program.nodes.count
        for (i, clauses) in nodeClauses.enumerated() {
            for clause in same ? clauses : [] {
                var byWord: [Int: (UInt64, UInt64)] = [:]
                for l in clause {
                    let atom = l >> 1
                    var t = byWord[atom >> 6] ?? (0, 0)
                    if l & 1 == 0 { t.0 |= 1 << UInt64(atom & 63) } else { t.1 |= 1 << UInt64(atom & 63) }
                    byWord[atom >> 6] = t
                }
                code.append(UInt64(byWord.count))
                for w in byWord.keys.sorted() {
                    let t = byWord[w] ?? (0, 0)
                    code += [UInt64(w), t.0, t.1]
                }
            }
            nodeCode.append(code.count)
            if same {
                for c in nodeChecks[i] {
                    let node = program.nodes[c]
                    let answered = node.op == .named || (node.op == .leaf && program.memoSlots[node.arg] >= 0)
                    if answered || !nodeClauses[c].isEmpty { checks.append(c) }
                }
            }
            checkStart.append(checks.count)
        }
    }

    // MARK: - Facts

    private mutating func newAtom() -> Int {
        atomCount += 1
        return atomCount - 1
    }

    private mutating func lexiconAtom(_ l: Int) -> Int {
        if let at = lexiconAtoms.first(where: { $0.lexicon == l }) { return at.atom }
        let a = newAtom()
        lexiconAtoms.append((l, a))
        return a
    }

    private mutating func lexiconViewAtom(_ l: Int, _ v: TextView) -> Int {
        let k =
            lexiconViewAtoms.firstIndex { $0.lexicon == l }
            ?? {
                lexiconViewAtoms.append((l, [Int](repeating: -1, count: TextView.allCases.count)))
                return lexiconViewAtoms.count - 1
            }()
        let i = Self.viewIndex(v)
        if lexiconViewAtoms[k].atoms[i] < 0 { lexiconViewAtoms[k].atoms[i] = newAtom() }
        return lexiconViewAtoms[k].atoms[i]
    }

    private mutating func platformAnyAtom() -> Int {
        if platformAny < 0 { platformAny = newAtom() }
        return platformAny
    }

    private mutating func platformAtom(_ i: Int) -> Int {
        if platformAtoms[i] < 0 { platformAtoms[i] = newAtom() }
        return platformAtoms[i]
    }

    private mutating func phoneAnyAtom(_ own: Bool) -> Int {
        let s = own ? 1 : 0
        if phoneAny[s] < 0 { phoneAny[s] = newAtom() }
        return phoneAny[s]
    }

    private mutating func phoneViewAtom(_ own: Bool, _ v: TextView) -> Int {
        let s = own ? 1 : 0
        let i = Self.viewIndex(v)
        if phoneViews[s][i] < 0 { phoneViews[s][i] = newAtom() }
        return phoneViews[s][i]
    }

    private mutating func phoneTypeAtom(_ own: Bool, _ t: PhoneType) -> Int {
        let s = own ? 1 : 0
        let i = Self.typeIndex(t)
        if phoneTypes[s][i] < 0 { phoneTypes[s][i] = newAtom() }
        return phoneTypes[s][i]
    }

    private mutating func anomalyAtom(_ a: Anomaly) -> Int {
        if let at = anomalyAtoms.first(where: { $0.anomaly == a }) { return at.atom }
        let n = newAtom()
        anomalyAtoms.append((a, n))
        return n
    }

    static func viewIndex(_ v: TextView) -> Int {
        switch v {
        case .subject: return 0
        case .fromName: return 1
        case .plain: return 2
        case .html: return 3
        case .hiddenHTML: return 4
        case .link: return 5
        case .calendar: return 6
        case .attachmentName: return 7
        case .attachment: return 8
        case .image: return 9
        }
    }

    static let phoneTypeCount = 8

    static func typeIndex(_ t: PhoneType) -> Int {
        switch t {
        case .tollFree: return 0
        case .premium: return 1
        case .mobile: return 2
        case .fixed: return 3
        case .fixedOrMobile: return 4
        case .voip: return 5
        case .sharedCost: return 6
        case .other: return 7
        }
    }

    // MARK: - What a condition needs

    /// A leaf that holds exactly when one of `atoms` is true.
    private static func exactly(_ atoms: [Int]) -> Need {
        Need(holds: [clause(atoms.map { $0 * 2 })], fails: atoms.map { [$0 * 2 + 1] })
    }

    private static func clause(_ ls: [Literal]) -> Clause { Array(Set(ls)).sorted() }

    /// The shortest clauses first, then by literals, without repeats or clauses that always hold.
    private static func trimmed(_ cs: Clauses) -> Clauses {
        var seen = Set<Clause>()
        let kept = cs.filter { c in
            !c.contains { $0 & 1 == 0 && c.contains($0 + 1) } && seen.insert(c).inserted
        }
        return Array(kept.sorted { $0.count != $1.count ? $0.count < $1.count : $0.lexicographicallyPrecedes($1) }.prefix(maxClauses))
    }

    /// Both hold: every clause of each.
    private static func both(_ parts: [Clauses]) -> Clauses { trimmed(parts.flatMap { $0 }) }

    /// One of them holds: each clause one of every part's clauses joined. A part with
    /// nothing known leaves nothing known.
    private static func either(_ parts: [Clauses]) -> Clauses {
        var acc: Clauses = [[]]
        for p in parts {
            if p.isEmpty { return [] }
            var next: Clauses = []
            for a in acc { for c in p { next.append(clause(a + c)) } }
            acc = trimmed(next)
            if acc.isEmpty { return [] }
        }
        return acc
    }

    /// What `c` needs, recorded for its node and (through the recursion) every node under it,
    /// numbered in pre-order as ``ConditionProgram`` numbers them.
    private mutating func need(_ c: Condition, _ platformNames: [String]) -> Need {
        let at = nodeClauses.count
        nodeClauses.append([])
        nodeChecks.append([])
        let n = needOfNode(c, platformNames, at)
        nodeClauses[at] = n.holds
        return n
    }

    private mutating func needOfNode(_ c: Condition, _ platformNames: [String], _ at: Int) -> Need {
        switch c {
        case .always: return Need(holds: [], fails: [[]])
        case let .all(cs):
            var parts: [Need] = []
            for x in cs {
                if !parts.isEmpty { nodeChecks[at].append(nodeClauses.count) }
                parts.append(need(x, platformNames))
            }
            return Need(holds: Self.both(parts.map(\.holds)), fails: Self.either(parts.map(\.fails)))
        case let .any(cs):
            let parts = cs.map { need($0, platformNames) }
            return Need(holds: Self.either(parts.map(\.holds)), fails: Self.both(parts.map(\.fails)))
        case let .not(x):
            let n = need(x, platformNames)
            return Need(holds: n.fails, fails: n.holds)
        case let .named(_, x):
            return need(x, platformNames)
        case let .lexicon(lc):
            guard lc.min >= 1 else { return Need(holds: [], fails: [[]]) }
            let atoms = lc.views.map { vs in vs.map { lexiconViewAtom(lc.lexicon, $0) } } ?? [lexiconAtom(lc.lexicon)]
            var n = Self.exactly(atoms)
            if lc.min > 1 { n.fails = [] }
            return n
        case let .near(lexicon, _):
            return Need(holds: [[lexiconAtom(lexicon) * 2], [phoneAnyAtom(false) * 2]], fails: [])
        case .platform(nil):
            return Self.exactly([platformAnyAtom()])
        case let .platform(name?):
            return Self.exactly(platformNames.indices.filter { platformNames[$0] == name }.map { platformAtom($0) })
        case .noPlatform:
            return Need(holds: [[platformAnyAtom() * 2 + 1]], fails: [[platformAnyAtom() * 2]])
        case .forwarded:
            return Self.exactly([newForwarded()])
        case let .anomaly(a):
            return Self.exactly([anomalyAtom(a)])
        case let .phone(pc):
            guard pc.min >= 1 else { return Need(holds: [], fails: [[]]) }
            let own = pc.includeOwn
            var holds: Clauses = []
            if let vs = pc.views { holds.append(Self.clause(vs.map { phoneViewAtom(own, $0) * 2 })) }
            if let ts = pc.types { holds.append(Self.clause(ts.map { phoneTypeAtom(own, $0) * 2 })) }
            if holds.isEmpty { holds = [[phoneAnyAtom(own) * 2]] }
            let exact = holds.count == 1 && pc.min == 1 && pc.numbers == nil
            return Need(holds: holds, fails: exact ? holds[0].map { [$0 + 1] } : [])
        case let .customerText(ct):
            var holds: Clauses = [[platformAnyAtom() * 2]]
            if ct.phone { holds.append([phoneAnyAtom(false) * 2]) }
            if let l = ct.lexicon { holds.append([lexiconAtom(l) * 2]) }
            return Need(holds: Self.trimmed(holds), fails: [])
        case .unexpectedPhone:
            if platformUncommon < 0 { platformUncommon = newAtom() }
            let views: [TextView] = [.plain, .html, .subject, .calendar, .link, .fromName]
            return Need(holds: [[platformUncommon * 2], Self.clause(views.map { phoneViewAtom(false, $0) * 2 })], fails: [])
        default:
            return Need()
        }
    }

    private mutating func newForwarded() -> Int {
        if forwarded < 0 { forwarded = newAtom() }
        return forwarded
    }

    // MARK: - A message

    /// The message's facts, atom by atom. Inlined into its one caller: called on
    /// `rules.gates`, the gates were copied to pass them (every array retained and released).
    @inline(__always)
    func facts(_ f: MessageFeatures) -> [UInt64] {
        var t = [UInt64](repeating: 0, count: words)
        func set(_ a: Int) { if a >= 0 { t[a >> 6] |= 1 << UInt64(a & 63) } }
        for (l, a) in lexiconAtoms where f.lexiconMatches.matched(l) { set(a) }
        for (l, atoms) in lexiconViewAtoms {
            for m in f.lexiconMatches[l] { set(atoms[Self.viewIndex(m.view)]) }
        }
        if let i = f.platformIndex {
            set(platformAny)
            if i < platformAtoms.count {
                set(platformAtoms[i])
                if uncommon[i] { set(platformUncommon) }
            }
        }
        if !f.forwarding.isEmpty { set(forwarded) }
        for s in 0..<2 where phonesRead[s] {
            let phones = f.phones(includeOwn: s == 1)
            if !phones.isEmpty { set(phoneAny[s]) }
            for p in phones.indices {
                set(phoneTypes[s][Self.typeIndex(phones[p].type)])
                for v in phones[p].views { set(phoneViews[s][Self.viewIndex(v)]) }
            }
        }
        if !f.anomalies.isEmpty {
            for (a, atom) in anomalyAtoms where f.anomalies.contains(a) { set(atom) }
        }
        return t
    }

    /// Whether rule `r` may hold given the message's `facts`.
    func mayHold(_ r: Int, _ facts: [UInt64]) -> Bool {
        guard r < roots.count else { return true }
        return mayHold(node: roots[r], facts)
    }

    /// Whether program node `i` may hold given the message's `facts`: false when one of its
    /// clauses has no literal true. Inlined: called on `rules.gates` from the walk, each call
    /// copied the gates (~70 bytes) to pass them.
    @inline(__always)
    func mayHold(node i: Int, _ facts: [UInt64]) -> Bool {
        guard i + 1 < nodeCode.count else { return true }
        let start = nodeCode[i]
        let end = nodeCode[i + 1]
        if start == end { return true }
        return code.withUnsafeBufferPointer { c in
            facts.withUnsafeBufferPointer { f in
                var p = start
                while p < end {
                    let stop = p + 1 + 3 * Int(c[p])
                    p += 1
                    var some = false
                    while p < stop {
                        let w = Int(c[p])
                        let x = w < f.count ? f[w] : 0
                        if (x & c[p + 1]) | (~x & c[p + 2]) != 0 {
                            some = true
                            break
                        }
                        p += 3
                    }
                    if !some { return false }
                    p = stop
                }
                return true
            }
        }
    }
}
