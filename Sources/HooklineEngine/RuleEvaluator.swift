import HooklineCore
import HooklineText
import HooklineDetect

/// Evaluates rule conditions over one message's features. Pure and total: a
/// rule can only be true or false, and carries the evidence that made it true.
struct RuleEvaluator {
    let features: MessageFeatures
    let rules: CompiledRules
    private var subjectMatches: Set<UInt32>?
    private var headerMatches: [String: Set<UInt32>] = [:]
    /// The sender-identity features are computed properties that split and compare
    /// domains; several rules (and named conditions) ask each, so each is computed once.
    private var internalSender: String??
    private var ownRelay: String??
    private var senderIdentity: String??
    /// From, Sender and the envelope sender (lowercased, non-empty), which `from:` conditions test.
    private var senderAddresses: [String]?
    /// Named conditions already answered for this message, by catalogue index, with the
    /// evidence they gave: a condition's answer depends only on the message, and a false
    /// answer never leaves evidence, so replaying both is the same as evaluating again.
    /// An array, not a dictionary: a few dozen lookups per message hashed an Int each.
    private var namedAnswers: [Answer]
    /// `authenticatedDomains` in name order, for `auth_domain` conditions.
    private var authenticatedInOrder: [String]?
    /// What `customer_text` conditions share within a message: where the customer wrote
    /// (nil: everywhere), how evidence names the place, and the phones inside.
    private var customerPlaces: CustomerPlaces?
    /// Leaves written more than once in the rules, answered for this message, by memo slot
    /// (``ConditionProgram/memoSlots``), with the evidence they gave: replayed like
    /// `namedAnswers`.
    private var leafAnswers: [Answer]
    /// Whether the walk asks ``RuleGates`` (set by `hits`), and the message's facts it reads.
    private var gating = false
    private var facts: [UInt64] = []
    /// A kept answer: not yet asked, or true/false with its evidence at `start..<end` of
    /// the ``EvidenceList``'s kept evidence.

    private struct Answer {
        var known = false
        var answer = false
        var start = 0
        var end = 0
    }

    /// Replays a kept answer's evidence into `ev`; nil when the answer is not known yet.
    /// Static, with the answer passed in: a method reading `self` from the mutating walk
    /// copied the whole evaluator at every call (~4 k instructions each).
    private static func replay(_ a: Answer, _ ev: inout EvidenceList) -> Bool? {
        guard a.known else { return nil }
        ev.replay(a.start..<a.end)
        return a.answer
    }

    /// Keeps `answer` with the evidence added to `ev` since `mark`.
    private static func keep(_ answer: Bool, _ ev: inout EvidenceList, from mark: Int) -> Answer {
        let kept = ev.keep(from: mark)
        return Answer(known: true, answer: answer, start: kept.lowerBound, end: kept.upperBound)
    }

    init(features: MessageFeatures, rules: CompiledRules) {
        self.features = features
        self.rules = rules
        namedAnswers = Array(repeating: Answer(), count: rules.namedConditionCount)
        leafAnswers = Array(repeating: Answer(), count: rules.program.memoCount)
    }

    /// The rules that hold, each with its evidence. `flat` false walks each rule's
    /// `Condition` tree instead of the compiled ``ConditionProgram``: the reference the
    /// tests compare the program with (same leaves, same order, same answers).
    ///
    /// `gated` (with `flat`) skips the rules ``RuleGates`` shows cannot hold: most rules
    /// of most messages, which the walk answered false leaf by leaf.
    mutating func hits(flat: Bool = true, gated: Bool = true) -> [RuleHit] {
        var out: [RuleHit] = []
        let all = rules.rules
        let roots = rules.program.roots
        gating = flat && gated
        if gating { facts = rules.gates.facts(features) }
        // One evidence list for every rule, emptied and not freed between them: an array
        // per rule (and its growth as leaves appended) was an allocation or two for each of
        // the ~50 rules of every message. A rule's evidence still starts empty.
        var evidence = EvidenceList()
        // By index: iterating the rules copied each definition (its strings and condition).
        for r in all.indices where all[r].enabled {
            if gating && !rules.gates.mayHold(r, facts) { continue }
            evidence.startRule()
            if flat ? run(roots[r], &evidence) : eval(all[r].condition, &evidence) {
                // Room for a lure's hits at the first one: grown by doubling, the array was
                // copied three or four times a message.
                if out.isEmpty { out.reserveCapacity(16) }
                out.append(
                    RuleHit(
                        id: all[r].id, score: all[r].score, description: all[r].description,
                        evidence: evidence.firstDistinct(8), group: all[r].group))
            }
        }
        return out
    }

    /// Node `i` of the compiled program: `eval` on indices, with the same evidence
    /// bookkeeping, so no node's box or child array is copied on the way to the leaves.
    private mutating func run(_ i: Int, _ ev: inout EvidenceList) -> Bool {
        let node = rules.program.nodes[i]
        switch node.op {
        case .always: return true
        case .all:
            if gating && !laterPartsMayHold(i) { return false }
            let mark = ev.count
            var c = i + 1
            while c < node.next {
                if !run(c, &ev) {
                    Self.cut(&ev, to: mark)
                    return false
                }
                c = rules.program.nodes[c].next
            }
            return true
        case .any:
            var any = false
            var c = i + 1
            while c < node.next {
                // A part ``RuleGates`` shows cannot hold is false: not walked (a `near` of a
                // lexicon without a match, a story told in a view with none).
                if !gating || rules.gates.mayHold(node: c, facts) {
                    let mark = ev.count
                    if run(c, &ev) { any = true } else { Self.cut(&ev, to: mark) }
                }
                c = rules.program.nodes[c].next
            }
            return any
        case .not:
            let mark = ev.count
            let answer = run(i + 1, &ev)
            Self.cut(&ev, to: mark)
            return !answer
        case .named:
            let index = node.arg
            guard index >= 0, index < namedAnswers.count else {
                let mark = ev.count
                if run(i + 1, &ev) { return true }
                Self.cut(&ev, to: mark)
                return false
            }
            if let answer = Self.replay(namedAnswers[index], &ev) { return answer }
            let mark = ev.count
            let answer = run(i + 1, &ev)
            if !answer { Self.cut(&ev, to: mark) }
            namedAnswers[index] = Self.keep(answer, &ev, from: mark)
            return answer
        case .leaf:
            let k = node.arg
            let slot = rules.program.memoSlots[k]
            guard slot >= 0 else { return programLeaf(k, &ev) }
            if let answer = Self.replay(leafAnswers[slot], &ev) { return answer }
            let mark = ev.count
            let answer = programLeaf(k, &ev)
            leafAnswers[slot] = Self.keep(answer, &ev, from: mark)
            return answer
        }
    }

    /// Whether no part of `all` node `i` past its first is known to fail: answered false
    /// already (a named condition, a shared leaf) or shown by ``RuleGates`` unable to hold.
    /// False makes the `all` false without asking its parts, which it would have answered
    /// false at that part, its evidence cut.
    private func laterPartsMayHold(_ i: Int) -> Bool {
        // Through `rules` each time: a local copy of the gates retained every array in them.
        guard i + 1 < rules.gates.checkStart.count else { return true }
        var k = rules.gates.checkStart[i]
        let end = rules.gates.checkStart[i + 1]
        while k < end {
            let c = rules.gates.checks[k]
            let node = rules.program.nodes[c]
            if node.op == .named, node.arg >= 0, node.arg < namedAnswers.count {
                let a = namedAnswers[node.arg]
                if a.known && !a.answer { return false }
            } else if node.op == .leaf {
                let slot = rules.program.memoSlots[node.arg]
                if slot >= 0 && leafAnswers[slot].known && !leafAnswers[slot].answer { return false }
            }
            if !rules.gates.mayHold(node: c, facts) { return false }
            k += 1
        }
        return true
    }

    /// Leaf `k` of the program: with what the load resolved for it (``ConditionProgram/resolved``),
    /// or its `Condition` as the tree evaluator answers it. The same answers and evidence
    /// as `leaf` (the tests compare the two).
    private mutating func programLeaf(_ k: Int, _ ev: inout EvidenceList) -> Bool {
        let kind = rules.program.kinds[k]
        switch kind.code {
        case .general: break
        case .lexicon: return lexicon(kind.a, min: kind.b, &ev)
        case .near: return near(kind.a, within: kind.b, &ev)
        case .anyPlatform: return platform(&ev) { _ in true }
        case .onePlatform: return platform(&ev) { $0 == kind.a }
        case .noPlatform: return features.platformIndex == nil
        case .forwarded: return forwarded(&ev)
        }
        switch rules.program.resolved[k] {
        case .asWritten:
            return leaf(rules.program.leaves[k], &ev)
        case let .authDomain(domains):
            if authenticatedInOrder == nil { authenticatedInOrder = features.authenticatedDomains.sorted() }
            for d in authenticatedInOrder ?? [] where domains.covers(d) {
                ev.append("authenticated \(d)")
                return true
            }
            return false
        case let .misspells(brands):
            guard let brand = brands.misspelled(features.headers.from?.address) else { return false }
            ev.append("from domain misspells \(brand)")
            return true
        case let .domainWords(words):
            guard let word = words.match(features.headers.from?.address) else { return false }
            ev.append("from domain word \(word)")
            return true
        }
    }

    private mutating func eval(_ c: Condition, _ ev: inout EvidenceList) -> Bool {
        switch c {
        case .always: return true
        // Evidence goes straight into `ev` and is cut back to where it stood when a part
        // turns out false: the same as collecting each part's in an array of its own and
        // adding it on success, without those arrays.
        case let .all(cs):
            let mark = ev.count
            for x in cs where !eval(x, &ev) {
                Self.cut(&ev, to: mark)
                return false
            }
            return true
        case let .any(cs):
            var any = false
            for x in cs {
                let mark = ev.count
                if eval(x, &ev) { any = true } else { Self.cut(&ev, to: mark) }
            }
            return any
        case let .not(x):
            let mark = ev.count
            let answer = eval(x, &ev)
            Self.cut(&ev, to: mark)
            return !answer
        case let .named(index, x):
            guard index >= 0, index < namedAnswers.count else {
                let mark = ev.count
                if eval(x, &ev) { return true }
                Self.cut(&ev, to: mark)
                return false
            }
            if let answer = Self.replay(namedAnswers[index], &ev) { return answer }
            let mark = ev.count
            let answer = eval(x, &ev)
            if !answer { Self.cut(&ev, to: mark) }
            namedAnswers[index] = Self.keep(answer, &ev, from: mark)
            return answer
        // The leaves whose code `leaf` has since made cheaper, as they were written before:
        // the tree is the tests' reference for the program, so it keeps them.
        case let .phone(pc):
            let matching = features.phones(includeOwn: pc.includeOwn).filter { ph in
                (pc.types?.contains(ph.type) ?? true)
                    && (pc.views.map { !$0.isDisjoint(with: ph.views) } ?? true)
                    && (pc.numbers?.contains(ph.e164) ?? true)
            }
            guard matching.count >= pc.min else { return false }
            ev.append(contentsOf: matching.prefix(4).map(\.e164))
            return true
        case let .lexicon(lc):
            let all = features.lexiconMatches[lc.lexicon]
            let ms = lc.views.map { views in all.filter { views.contains($0.view) } } ?? Array(all)
            guard ms.count >= lc.min else { return false }
            if lc.min > 1 {
                var distinct = Set<String>()
                for m in ms where distinct.insert(m.evidence).inserted && distinct.count >= lc.min { break }
                guard distinct.count >= lc.min else { return false }
            }
            ev.append(contentsOf: ms.prefix(4).map(\.evidence))
            return true
        case let .near(lex, within):
            let ms = features.lexiconMatches[lex]
            for ph in features.phones(includeOwn: false) {
                if let m = ms.first(where: { m in
                    ph.offsets.contains { abs(m.start - $0) <= within || abs(m.end - $0) <= within }
                }) {
                    ev.append(contentsOf: [m.evidence, ph.e164])
                    return true
                }
            }
            return false
        case .unexpectedPhone:
            guard let i = features.platformIndex, !rules.platforms[i].customerPhonesCommon,
                let ph = features.evidencePhones.first(where: { !$0.views.isDisjoint(with: Self.unexpectedPhoneViews) })
            else { return false }
            ev.append("\(rules.platforms[i].name) notice carries \(ph.e164) (\"\(ph.evidence)\")")
            return true
        default:
            return leaf(c, &ev)
        }
    }

    /// A condition other than `always`, `all`, `any`, `not` and `named`.
    private mutating func leaf(_ c: Condition, _ ev: inout EvidenceList) -> Bool {
        switch c {
        case .always, .all, .any, .not, .named:
            // Not leaves: ConditionProgram never makes them one, and `eval` answers them.
            return eval(c, &ev)
        case let .platform(name):
            return platform(&ev) { name == nil || rules.platforms[$0].name == name }
        case .noPlatform:
            return features.platform == nil
        case .lookalike:
            guard let p = features.lookalikeOf else { return false }
            ev.append("unauthenticated \(p.name) sender \(features.headers.from?.address ?? "")")
            return true
        case .internalSender:
            if internalSender == nil { internalSender = .some(features.internalSender) }
            guard let domain = internalSender ?? nil else { return false }
            ev.append("authenticated \(domain), the recipient's own organisation")
            return true
        case .ownWorkspace:
            guard let what = features.ownWorkspace else { return false }
            ev.append(what + ", the recipient's own organisation")
            return true
        case .fromForged:
            guard let domain = features.dmarcFailedDomains.sorted().first else { return false }
            ev.append("dmarc=fail for \(domain)")
            return true
        case .ownRelay:
            if ownRelay == nil { ownRelay = .some(features.ownRelay) }
            guard let how = ownRelay ?? nil else { return false }
            ev.append("relayed by the recipient's organisation: \(how)")
            return true
        case .fromAuthenticated:
            guard let domain = features.authenticatedFromDomain else { return false }
            ev.append("authenticated \(domain)")
            return true
        case .fromNameUnspellable:
            guard let domain = features.unspellableSenderDomain else { return false }
            ev.append("\"\(features.headers.from?.displayName ?? "")\" cannot spell authenticated \(domain)")
            return true
        case .ownList:
            guard let id = features.ownListId else { return false }
            ev.append("relayed by the recipient's organisation: list \(id)")
            return true
        case .senderIdentity:
            if senderIdentity == nil { senderIdentity = .some(features.senderIdentity) }
            guard let domain = senderIdentity ?? nil else { return false }
            ev.append("\"\(features.headers.from?.displayName ?? "")\" at authenticated \(domain)")
            return true
        case .unexpectedPhone:
            // By index: `first(where:)` copied every phone it looked at.
            let phones = features.evidencePhones
            guard let i = features.platformIndex, !rules.platforms[i].customerPhonesCommon,
                let p = phones.indices.first(where: { !phones[$0].views.isDisjoint(with: Self.unexpectedPhoneViews) })
            else { return false }
            ev.append("\(rules.platforms[i].name) notice carries \(phones[p].e164) (\"\(phones[p].evidence)\")")
            return true
        case let .customerText(ct):
            return customerText(ct, &ev)
        case let .phone(pc):
            // Counted as far as `min` needs, then the first four matching give the evidence:
            // the same as filtering them into an array of copies (~5 k instructions a message).
            let phones = features.phones(includeOwn: pc.includeOwn)
            func matches(_ i: Int) -> Bool {
                (pc.types?.contains(phones[i].type) ?? true)
                    && (pc.views.map { !$0.isDisjoint(with: phones[i].views) } ?? true)
                    && (pc.numbers?.contains(phones[i].e164) ?? true)
            }
            var count = 0
            for i in phones.indices where count < pc.min && matches(i) { count += 1 }
            guard count >= pc.min else { return false }
            var shown = 0
            for i in phones.indices where shown < 4 && matches(i) {
                ev.append(phones[i].e164)
                shown += 1
            }
            return true
        case let .lexicon(lc):
            guard let views = lc.views else { return lexicon(lc.lexicon, min: lc.min, &ev) }
            // Filtered (a copy) only when the condition names views; most name none.
            return Self.enough(features.lexiconMatches[lc.lexicon].filter { views.contains($0.view) }, min: lc.min, &ev)
        case let .near(lex, within):
            return near(lex, within: within, &ev)
        case let .subject(id):
            if subjectMatches == nil { subjectMatches = rules.blockDB?.matches(in: features.headers.subject) ?? [] }
            guard subjectMatches?.contains(id) == true else { return false }
            ev.append("subject: \(features.headers.subject.prefix(120))")
            return true
        case let .header(name, pattern):
            let values = features.headers.all.filter { $0.name == name }.map(\.value)
            guard !values.isEmpty else { return false }
            guard let pattern else { ev.append("\(name) present"); return true }
            if headerMatches[name] == nil {
                var s = Set<UInt32>()
                for v in values { s.formUnion(rules.blockDB?.matches(in: v) ?? []) }
                headerMatches[name] = s
            }
            guard headerMatches[name]?.contains(pattern) == true else { return false }
            ev.append("\(name): \(values[0].prefix(120))")
            return true
        case let .from(list):
            if senderAddresses == nil {
                senderAddresses = [
                    features.headers.from?.address, features.headers.sender?.address, features.envelope.mailFrom?.lowercased(),
                ]
                .compactMap { $0 }.filter { !$0.isEmpty }
            }
            for a in senderAddresses ?? [] where list.matches(a) {
                ev.append("from \(a)")
                return true
            }
            return false
        case let .fromDomainWord(words):
            guard let word = SenderDomainWords.match(features.headers.from?.address, words) else { return false }
            ev.append("from domain word \(word)")
            return true
        case let .fromDomainMisspells(brands):
            guard let brand = SenderDomainWords.misspelledBrand(features.headers.from?.address, brands) else { return false }
            ev.append("from domain misspells \(brand)")
            return true
        case let .authDomain(list):
            // In name order: a Set's order changes from one process to the next, and the
            // evidence quoted (the first domain that matches) must not.
            if authenticatedInOrder == nil { authenticatedInOrder = features.authenticatedDomains.sorted() }
            for d in authenticatedInOrder ?? [] where list.contains(where: { DomainSuffix.isDomainOrSubdomain(d, of: $0) }) {
                ev.append("authenticated \(d)")
                return true
            }
            return false
        case .forwarded:
            return forwarded(&ev)
        case let .anomaly(a):
            guard features.anomalies.contains(a) else { return false }
            ev.append("anomaly \(a.rawValue)")
            return true
        case let .client(nets):
            guard let ip = features.envelope.clientAddress, nets.contains(where: { $0.contains(ip) }) else { return false }
            ev.append("client \(ip)")
            return true
        }
    }

    /// `lexicon: {name, min}` with no views: at least `min` matches, `min` of them distinct
    /// phrases, the first four as evidence.
    private func lexicon(_ lexicon: Int, min: Int, _ ev: inout EvidenceList) -> Bool {
        Self.enough(features.lexiconMatches[lexicon], min: min, &ev)
    }

    /// At least `min` of `ms`, `min` of them distinct phrases; the first four as evidence.
    private static func enough<Matches: Collection<PatternMatch>>(_ ms: Matches, min: Int, _ ev: inout EvidenceList) -> Bool {
        // Distinct phrases are counted only as far as `min` needs (most conditions ask
        // for one): this runs for every lexicon condition of every rule of every message.
        guard ms.count >= min else { return false }
        if min > 1 {
            var distinct = Set<String>()
            for m in ms where distinct.insert(m.evidence).inserted && distinct.count >= min { break }
            guard distinct.count >= min else { return false }
        }
        for m in ms.prefix(4) { ev.append(m.evidence) }
        return true
    }

    /// `platform`: the message's platform, when `accepts` takes its index, as evidence.
    private func platform(_ ev: inout EvidenceList, _ accepts: (Int) -> Bool) -> Bool {
        guard let i = features.platformIndex, accepts(i) else { return false }
        ev.append("platform=\(rules.platforms[i].name)")
        return true
    }

    /// `forwarded`: the forwarding headers seen, as evidence.
    private func forwarded(_ ev: inout EvidenceList) -> Bool {
        guard !features.forwarding.isEmpty else { return false }
        ev.append("forwarded: " + features.forwarding.joined(separator: ","))
        return true
    }

    /// `near`: the first evidence phone (in order) with a match of the lexicon within `within`
    /// characters of one of its places, and the first such match.
    private func near(_ lexicon: Int, within: Int, _ ev: inout EvidenceList) -> Bool {
        let ms = features.lexiconMatches[lexicon]
        // By index: iterating the phones copied each one.
        let phones = features.phones(includeOwn: false)
        for p in phones.indices {
            let offsets = phones[p].offsets
            if let m = ms.first(where: { m in
                offsets.contains { abs(m.start - $0) <= within || abs(m.end - $0) <= within }
            }) {
                ev.append(m.evidence)
                ev.append(phones[p].e164)
                return true
            }
        }
        return false
    }

    /// Where a phone in a platform notice is unexpected: what the reader sees.
    private static let unexpectedPhoneViews: Set<TextView> = [.plain, .html, .subject, .calendar, .link, .fromName]

    /// Drops the evidence added since `mark`.
    private static func cut(_ ev: inout EvidenceList, to mark: Int) {
        ev.cut(to: mark)
    }

    /// The names a platform goes by: its authenticated domains' organisation labels
    /// ("microsoft", "docusign", "adobesign", "paypal").
    static func ownNames(_ p: PlatformDef) -> [String] {
        p.authDomains.map { MessageFeatures.squash(MessageFeatures.organisationLabel($0.lowercased())) }
            + [MessageFeatures.squash(p.name)]
    }

    /// "Microsoft 365" in a Teams notice, "Adobe" in Adobe Sign's: the platform naming
    /// itself, not a brand its customer borrowed.
    ///
    /// An ASCII `evidence` is squashed into a stack buffer and compared on bytes: a squashed
    /// string is only `a-z` and `0-9` (``MessageFeatures/squash(_:)``, whose scalar form keeps
    /// ASCII only as well), so its Characters are its bytes and a prefix of Characters is a
    /// prefix of bytes; the own names are squashed too. `customer_text` with `foreign` asks
    /// this of every match it looks at: the squashed String, its Character count and the
    /// String prefix tests were ~1.5 k instructions a message. ``namesItselfOfStrings(_:_:)``
    /// is the reference, and the way outside ASCII.
    static func namesItself(_ evidence: String, _ own: [String]) -> Bool {
        let answer = evidence.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            guard ASCII.isASCII(b) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(b.count, 1)) { e -> Bool in
                var n = 0
                for c in b {
                    if c >= 0x41 && c <= 0x5A {
                        e[n] = c | 0x20
                        n += 1
                    } else if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                        e[n] = c
                        n += 1
                    }
                }
                guard n >= 3 else { return false }
                let squashed = UnsafeBufferPointer(rebasing: e[0..<n])
                for name in own {
                    // One is a prefix of the other: their first min(count) bytes agree. A name
                    // outside ASCII (never a squashed one) goes the String way.
                    let hit = name.utf8.withContiguousStorageIfAvailable { o -> Bool? in
                        guard ASCII.isASCII(o) else { return nil }
                        return memcmpEqual(o, squashed, min(o.count, n))
                    }
                    guard let hit = hit ?? nil else { return namesItselfOfStrings(evidence, own) }
                    if hit { return true }
                }
                return false
            }
        }
        return (answer ?? nil) ?? namesItselfOfStrings(evidence, own)
    }

    /// Whether the first `k` bytes of `a` and `b` are equal (both hold `k` at least).
    @inline(__always)
    private static func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        var i = 0
        while i < k {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// ``namesItself(_:_:)`` on Strings, as it was first written: the reference.
    static func namesItselfOfStrings(_ evidence: String, _ own: [String]) -> Bool {
        let e = MessageFeatures.squash(evidence)
        guard e.count >= 3 else { return false }
        return own.contains { $0.hasPrefix(e) || e.hasPrefix($0) }
    }

    /// `"\(evidence)\(place) (\(platform))"`, the evidence `customer_text` gives, made in one
    /// allocation of its exact size: the interpolation appended its five pieces into a
    /// String regrown on the way, ~1.3 k instructions an evidence string (two or three a
    /// message with a platform). Valid Strings' bytes joined are the joined String's.
    static func placedEvidence(_ evidence: String, _ place: String, _ platform: String) -> String {
        var e = evidence, p = place, n = platform
        let count = e.utf8.count + p.utf8.count + n.utf8.count + 3
        return String(unsafeUninitializedCapacity: count) { out in
            var i = 0
            func put(_ s: inout String) {
                s.withUTF8 { b in
                    if let base = b.baseAddress, let to = out.baseAddress { (to + i).update(from: base, count: b.count) }
                    i += b.count
                }
            }
            put(&e)
            put(&p)
            out[i] = UInt8(ascii: " ")
            out[i + 1] = UInt8(ascii: "(")
            i += 2
            put(&n)
            out[i] = UInt8(ascii: ")")
            return i + 1
        }
    }

    /// The part of `customer_text` that depends only on the message, worked out at its first
    /// such condition: the windows after the platform's labels (nil: the whole notice), the
    /// place evidence names, and the windows holding an evidence phone with the first such phone.
    private struct CustomerPlaces {
        var windows: [ClosedRange<Int>]?
        var where_: String
        var phoneWindows: [ClosedRange<Int>]
        var phoneEvidence: String?

        /// `inside(offset).contains(where: body)`: whether a window holding `offset` passes.
        /// Labels can stand close together (an alert's name, then its description), so one
        /// offset may lie in several windows: evidence counts in any of them.
        func anyWindow(holding offset: Int, _ body: (ClosedRange<Int>) -> Bool) -> Bool {
            guard let windows else { return body(0...Int.max) }
            return windows.contains { $0.contains(offset) && body($0) }
        }

        /// The windows holding `offset`, in order.
        func inside(_ offset: Int) -> [ClosedRange<Int>] {
            guard let windows else { return [0...Int.max] }
            return windows.filter { $0.contains(offset) }
        }
    }

    private func customerPlaces(_ p: PlatformDef) -> CustomerPlaces {
        var windows: [ClosedRange<Int>]? = nil
        if let def = p.customerText, let labels = def.labels {
            let endStarts = def.ends.map { features.lexiconMatches[$0].map(\.start).sorted() } ?? []
            let found = features.lexiconMatches[labels].map { label -> ClosedRange<Int> in
                let reach = label.end + def.within
                let end = endStarts.first { $0 > label.end }.map { min($0 - 1, reach) } ?? reach
                return label.end...end
            }
            if !found.isEmpty { windows = found }
        }
        let fields = p.customerText?.fields ?? []
        var places = CustomerPlaces(
            windows: windows, where_: " in " + (fields.isEmpty ? "customer text" : fields.joined(separator: "/")),
            phoneWindows: [], phoneEvidence: nil)
        for ph in features.evidencePhones {
            let ws = ph.offsets.flatMap(places.inside)
            if !ws.isEmpty { places.phoneWindows += ws; places.phoneEvidence = places.phoneEvidence ?? ph.e164 }
        }
        return places
    }

    /// Evidence inside what an authenticated platform's customer wrote: after one of the
    /// platform's labels, up to its `within`. A platform whose template the catalogue does
    /// not know has no labels, and a message with none of the labels is a template it does
    /// not know yet: then the whole notice counts as the customer's.
    private mutating func customerText(_ ct: CustomerTextCondition, _ ev: inout EvidenceList) -> Bool {
        guard let pi = features.platformIndex else { return false }
        if customerPlaces == nil { customerPlaces = customerPlaces(rules.platforms[pi]) }
        guard let places = customerPlaces else { return false }
        if ct.phone && places.phoneWindows.isEmpty { return false }
        var lexEvidence: String?
        if let lex = ct.lexicon {
            // Built at load for every platform (``CompiledRules/platformOwnNames``): a message
            // with a platform built its own, ~4 k instructions.
            let own = ct.foreign ? rules.platformOwnNames[pi] : []
            // Where the match stands is asked first: the other test squashes its evidence
            // into a new string, and both must pass.
            let hit = features.lexiconMatches[lex].first { m in
                let placed =
                    ct.phone
                    ? places.anyWindow(holding: m.start, places.phoneWindows.contains) : places.anyWindow(holding: m.start) { _ in true }
                return placed && !(ct.foreign && Self.namesItself(m.evidence, own))
            }
            guard let hit else { return false }
            lexEvidence = hit.evidence
        }
        let name = rules.platforms[pi].name
        if ct.phone, let e = places.phoneEvidence { ev.append(Self.placedEvidence(e, places.where_, name)) }
        if let e = lexEvidence { ev.append(Self.placedEvidence(e, places.where_, name)) }
        return true
    }
}
