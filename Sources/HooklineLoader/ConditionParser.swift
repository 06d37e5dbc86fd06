import Yams
import HooklineCore
import HooklineEngine
import HooklineDetect

/// Turns a rule's `when:` YAML into a `Condition`, resolving lexicon, platform,
/// list and named-condition names and collecting subject/header regexes for the
/// block-mode database.
///
/// A mapping with several keys means all of them; a list means all of its items.
struct ConditionParser {
    static let keys: Set<String> = [
        "all", "any", "not", "platform", "lookalike", "phone", "lexicon", "near",
        "subject", "header", "from", "from_domain_word", "from_domain_misspells", "auth_domain", "forwarded", "anomaly",
        "client", "always", "unexpected_phone", "sender_identity", "internal_sender", "own_relay", "own_list", "from_forged",
        "from_name_unspellable", "from_authenticated",
        "own_workspace",
        "condition", "customer_text",
    ]
    /// Conditions written `KEY: true` (or `false` for their negation).
    static func flag(_ key: String) -> Condition? {
        switch key {
        case "forwarded": return .forwarded
        case "lookalike": return .lookalike
        case "sender_identity": return .senderIdentity
        case "internal_sender": return .internalSender
        case "from_forged": return .fromForged
        case "own_workspace": return .ownWorkspace
        case "own_relay": return .ownRelay
        case "own_list": return .ownList
        case "from_name_unspellable": return .fromNameUnspellable
        case "from_authenticated": return .fromAuthenticated
        case "unexpected_phone": return .unexpectedPhone
        default: return nil
        }
    }
    let catalog: RuleCatalog
    /// Regexes for subject/header conditions, compiled later in one block database.
    var blockPatterns: [(spec: PatternSpec, at: SourceLocation)] = []
    /// Named conditions parsed so far (nil: it failed, and said why where it is
    /// defined), so each is parsed and its regexes compiled once however often used.
    var resolved: [String: Condition?] = [:]
    /// Named conditions being parsed, innermost last: meeting one again is a cycle.
    var resolving: [String] = []

    init(catalog: RuleCatalog) { self.catalog = catalog }

    mutating func parse(_ node: Node, _ r: YAMLReader) -> Condition? {
        switch node {
        case let .sequence(seq):
            let items = seq.compactMap { parse($0, r) }
            return items.count == seq.count ? .all(items) : nil
        case .mapping:
            guard let fields = r.mapping(node, what: "condition", allowed: Self.keys) else { return nil }
            if fields.isEmpty { r.fail(node, "empty condition"); return nil }
            var parts: [Condition] = []
            var ok = true
            for (k, _, v) in fields {
                if let c = parseOne(k, v, r) { parts.append(c) } else { ok = false }
            }
            guard ok else { return nil }
            return parts.count == 1 ? parts[0] : .all(parts)
        default:
            r.fail(node, "a condition must be a mapping such as {lexicon: billing} or a list of them")
            return nil
        }
    }

    /// `customer_text: {phone: true, lexicon: NAME, foreign: true}`: at least one of the first
    /// two; `foreign` skips lexicon matches that name the platform itself.
    private func parseCustomerText(_ v: Node, _ r: YAMLReader) -> Condition? {
        guard let fields = r.mapping(v, what: "customer_text", allowed: ["phone", "lexicon", "foreign"]) else { return nil }
        var c = CustomerTextCondition()
        for (k, _, x) in fields {
            switch k {
            case "phone": c.phone = r.bool(x, what: "phone") ?? false
            case "foreign": c.foreign = r.bool(x, what: "foreign") ?? false
            case "lexicon":
                guard let name = r.string(x, what: "lexicon"), let i = lexicon(name, x, r) else { return nil }
                c.lexicon = i
            default: break
            }
        }
        guard c.phone || c.lexicon != nil else {
            r.fail(v, "customer_text needs phone: true or lexicon: NAME"); return nil
        }
        return .customerText(c)
    }

    private mutating func list(_ v: Node, _ r: YAMLReader, _ what: String) -> [Condition]? {
        guard case let .sequence(seq) = v, !seq.isEmpty else { r.fail(v, "\(what) takes a non-empty list of conditions"); return nil }
        let items = seq.compactMap { parse($0, r) }
        return items.count == seq.count ? items : nil
    }

    private mutating func parseOne(_ key: String, _ v: Node, _ r: YAMLReader) -> Condition? {
        switch key {
        case "all": return list(v, r, "all").map(Condition.all)
        case "any": return list(v, r, "any").map(Condition.any)
        case "not": return parse(v, r).map(Condition.not)
        case "always": return r.bool(v, what: "always") == true ? .always : .not(.always)
        case let key where Self.flag(key) != nil:
            guard let b = r.bool(v, what: key), let c = Self.flag(key) else { return nil }
            return b ? c : .not(c)
        case "platform":
            guard let name = r.string(v, what: "platform") else { return nil }
            if name == "any" { return .platform(nil) }
            if name == "none" { return .noPlatform }
            guard catalog.platforms.contains(where: { $0.name == name }) else {
                r.fail(v, "unknown platform '\(name)' (defined: \(catalog.platforms.map(\.name).joined(separator: ", ")))")
                return nil
            }
            return .platform(name)
        case "phone": return parsePhone(v, r)
        case "customer_text": return parseCustomerText(v, r)
        case "condition":
            guard let name = r.string(v, what: "condition") else { return nil }
            return named(name, v, r)
        case "lexicon":
            if case .scalar = v {
                guard let name = r.string(v, what: "lexicon"), let i = lexicon(name, v, r) else { return nil }
                return .lexicon(LexiconCondition(lexicon: i))
            }
            guard let fields = r.mapping(v, what: "lexicon", allowed: ["name", "min", "in"]) else { return nil }
            var c = LexiconCondition(lexicon: -1)
            for (k, _, fv) in fields {
                switch k {
                case "name": if let n = r.string(fv, what: "name"), let i = lexicon(n, fv, r) { c.lexicon = i } else { return nil }
                case "min": guard let m = r.int(fv, what: "min", min: 1) else { return nil }; c.min = m
                case "in": guard let vs = views(fv, r) else { return nil }; c.views = vs
                default: break
                }
            }
            if c.lexicon < 0 { r.fail(v, "lexicon condition needs a name"); return nil }
            return .lexicon(c)
        case "near":
            guard let fields = r.mapping(v, what: "near", allowed: ["lexicon", "within"]) else { return nil }
            var lex = -1, within = 300
            for (k, _, fv) in fields {
                if k == "lexicon" { if let n = r.string(fv, what: "lexicon"), let i = lexicon(n, fv, r) { lex = i } else { return nil } }
                if k == "within" { guard let w = r.int(fv, what: "within", min: 1) else { return nil }; within = w }
            }
            if lex < 0 { r.fail(v, "near needs a lexicon"); return nil }
            return .near(lexicon: lex, within: within)
        case "subject":
            guard let re = r.string(v, what: "subject") else { return nil }
            return .subject(addBlock(re, r.location(v)))
        case "header":
            guard let fields = r.mapping(v, what: "header", allowed: ["name", "matches"]) else { return nil }
            var name: String?, pattern: UInt32?
            for (k, _, fv) in fields {
                if k == "name" { name = r.string(fv, what: "name")?.lowercased() }
                if k == "matches", let re = r.string(fv, what: "matches") { pattern = addBlock(re, r.location(fv)) }
            }
            guard let name else { r.fail(v, "header condition needs a name"); return nil }
            return .header(name: name, pattern: pattern)
        case "from":
            guard let list = values(v, r, what: "from") else { return nil }
            return .from(AddressIndex(list.map { $0.text.lowercased() }))
        case "from_domain_word":
            guard let list = values(v, r, what: "from_domain_word") else { return nil }
            return .fromDomainWord(list.map { $0.text.lowercased() })
        case "from_domain_misspells":
            guard let list = values(v, r, what: "from_domain_misspells") else { return nil }
            return .fromDomainMisspells(list.map { $0.text.lowercased() })
        case "auth_domain":
            guard let list = values(v, r, what: "auth_domain") else { return nil }
            return .authDomain(list.map { $0.text.lowercased() })
        case "anomaly":
            guard let s = r.string(v, what: "anomaly") else { return nil }
            guard let a = Anomaly(rawValue: s) else {
                r.fail(v, "unknown anomaly '\(s)' (known: \(Anomaly.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            return .anomaly(a)
        case "client":
            guard let list = values(v, r, what: "client") else { return nil }
            var nets: [IPNetwork] = []
            for item in list {
                if let net = IPNetwork(item.text) {
                    nets.append(net)
                } else {
                    item.fail("'\(item.text)' is not an IP address or CIDR network")
                }
            }
            return nets.count == list.count ? .client(nets) : nil
        default:
            return nil
        }
    }

    private func lexicon(_ name: String, _ node: Node, _ r: YAMLReader) -> Int? {
        if let i = catalog.lexiconIndex(name) { return i }
        r.fail(node, "unknown lexicon '\(name)'")
        return nil
    }

    private func views(_ v: Node, _ r: YAMLReader) -> Set<TextView>? {
        guard let list = r.strings(v, what: "in") else { return nil }
        var out: Set<TextView> = []
        for (s, n) in list {
            if s == "body" { out.formUnion([.plain, .html, .calendar]); continue }
            guard let view = TextView(rawValue: s) else {
                r.fail(n, "unknown place '\(s)' (known: body, \(TextView.allCases.map(\.rawValue).joined(separator: ", ")))")
                return nil
            }
            out.insert(view)
        }
        return out
    }

    private mutating func parsePhone(_ v: Node, _ r: YAMLReader) -> Condition? {
        if case .scalar = v {
            guard let b = r.bool(v, what: "phone") else { return nil }
            return b ? .phone(PhoneCondition()) : .not(.phone(PhoneCondition()))
        }
        guard let fields = r.mapping(v, what: "phone", allowed: ["min", "types", "in", "include_own", "numbers"]) else { return nil }
        var c = PhoneCondition()
        for (k, _, fv) in fields {
            switch k {
            case "min": guard let m = r.int(fv, what: "min", min: 0) else { return nil }; c.min = m
            case "in": guard let vs = views(fv, r) else { return nil }; c.views = vs
            case "include_own": guard let b = r.bool(fv, what: "include_own") else { return nil }; c.includeOwn = b
            case "types":
                guard let list = r.strings(fv, what: "types") else { return nil }
                var set: Set<PhoneType> = []
                for (s, n) in list {
                    guard let t = PhoneType(rawValue: s) else { r.fail(n, "unknown phone type '\(s)'"); return nil }
                    set.insert(t)
                }
                c.types = set
            case "numbers":
                guard let list = values(fv, r, what: "numbers") else { return nil }
                for item in list where !RuleFileParser.isE164(item.text) { item.fail("'\(item.text)' is not E.164"); return nil }
                c.numbers = Set(list.map(\.text))
            default: break
            }
        }
        return .phone(c)
    }

    private mutating func addBlock(_ regex: String, _ at: SourceLocation) -> UInt32 {
        let id = UInt32(blockPatterns.count)
        blockPatterns.append((PatternSpec(id: id, expression: regex, caseless: true), at))
        return id
    }
}
