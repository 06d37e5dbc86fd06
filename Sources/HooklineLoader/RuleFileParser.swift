import Yams
import HooklineCore
import HooklineEngine
import HooklineDetect

/// Reads one rule file into the catalog.
struct RuleFileParser {
    static let topKeys: Set<String> = ["lexicons", "platforms", "rules", "groups", "lists", "conditions"]
    static let lexiconKeys: Set<String> = ["description", "phrases", "regex", "replace"]
    static let platformKeys: Set<String> = [
        "description", "senders", "auth_domains", "phones", "customer_text", "customer_phones", "workspace_in_subject",
        "workspace_in_address",
    ]
    static let customerTextKeys: Set<String> = ["fields", "after", "until", "within"]
    static let ruleKeys: Set<String> = ["id", "description", "group", "score", "enabled", "when"]

    static func parse(_ root: Node, reader r: YAMLReader, into cat: inout RuleCatalog) {
        guard let top = r.mapping(root, what: "rule file", allowed: topKeys) else { return }
        for (key, _, value) in top {
            switch key {
            case "lexicons": parseLexicons(value, r, &cat)
            case "platforms": parsePlatforms(value, r, &cat)
            case "rules": parseRules(value, r, &cat)
            case "groups": parseGroups(value, r, &cat)
            case "lists": parseLists(value, r, &cat)
            case "conditions": parseConditions(value, r, &cat)
            default: break
            }
        }
    }

    private static func parseLexicons(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard let entries = r.mapping(node, what: "lexicons") else { return }
        for (name, keyNode, value) in entries {
            guard isIdentifier(name, allowDash: true) else {
                r.fail(keyNode, "lexicon name '\(name)' must be letters, digits, '_' or '-'"); continue
            }
            guard let fields = r.mapping(value, what: "lexicon \(name)", allowed: lexiconKeys) else { continue }
            var def = LexiconDef(name: name, description: "", phrases: [], regexes: [], location: r.location(keyNode))
            var replace = false
            for (k, _, v) in fields {
                switch k {
                case "description": def.description = r.string(v, what: "description") ?? ""
                case "phrases":
                    for (p, n) in r.strings(v, what: "phrases") ?? [] {
                        let folded = foldPhrase(p)
                        if folded.isEmpty { r.fail(n, "empty phrase"); continue }
                        def.phrases.append((folded, r.location(n)))
                    }
                case "regex":
                    for (p, n) in r.strings(v, what: "regex") ?? [] { def.regexes.append((p, r.location(n))) }
                case "replace": replace = r.bool(v, what: "replace") ?? false
                default: break
                }
            }
            if let i = cat.lexiconIndex(name) {
                if replace {
                    cat.lexicons[i] = def
                } else {
                    cat.lexicons[i].phrases += def.phrases
                    cat.lexicons[i].regexes += def.regexes
                    if !def.description.isEmpty { cat.lexicons[i].description = def.description }
                }
            } else {
                cat.lexicons.append(def)
            }
        }
    }

    private static func parsePlatforms(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard let entries = r.mapping(node, what: "platforms") else { return }
        for (name, keyNode, value) in entries {
            guard isIdentifier(name, allowDash: true) else {
                r.fail(keyNode, "platform name '\(name)' must be letters, digits, '_' or '-'"); continue
            }
            guard let fields = r.mapping(value, what: "platform \(name)", allowed: platformKeys) else { continue }
            var def = PlatformDef(
                name: name, description: "", senders: [], authDomains: [], ownPhones: [],
                location: r.location(keyNode))
            for (k, _, v) in fields {
                switch k {
                case "description": def.description = r.string(v, what: "description") ?? ""
                case "senders":
                    for (s, n) in r.strings(v, what: "senders") ?? [] {
                        let s = s.lowercased()
                        if !s.contains("@") || s.hasSuffix("@") {
                            r.fail(n, "sender '\(s)' must be an address (user@domain) or a domain written @domain")
                        } else {
                            def.senders.append(s)
                        }
                    }
                case "auth_domains":
                    def.authDomains = (r.strings(v, what: "auth_domains") ?? []).map { $0.0.lowercased() }
                case "phones":
                    for (p, n) in r.strings(v, what: "phones") ?? [] {
                        if isE164(p) { def.ownPhones.insert(p) } else { r.fail(n, "phone '\(p)' must be E.164, like +18005550100") }
                    }
                case "customer_phones":
                    switch r.string(v, what: "customer_phones") {
                    case "common": def.customerPhonesCommon = true
                    case "rare": def.customerPhonesCommon = false
                    default: r.fail(v, "customer_phones must be common or rare")
                    }
                case "customer_text":
                    def.customerText = parseCustomerText(v, platform: name, keyNode: keyNode, r, &cat)
                case "workspace_in_address":
                    def.workspaceInAddress = r.bool(v, what: "workspace_in_address") ?? false
                case "workspace_in_subject":
                    def.workspaceInSubject = (r.strings(v, what: "workspace_in_subject") ?? []).map { $0.0.lowercased() }
                default: break
                }
            }
            if def.senders.isEmpty { r.fail(keyNode, "platform \(name) needs at least one sender") }
            if def.authDomains.isEmpty { r.fail(keyNode, "platform \(name) needs at least one auth_domain") }
            if let i = cat.platforms.firstIndex(where: { $0.name == name }) { cat.platforms[i] = def } else { cat.platforms.append(def) }
        }
    }

    /// `customer_text: {fields: [...], after: [labels], within: N}`. The labels become a
    /// lexicon of their own, replaced whole when a later file redefines the platform.
    private static func parseCustomerText(
        _ node: Node, platform: String, keyNode: Node, _ r: YAMLReader,
        _ cat: inout RuleCatalog
    ) -> CustomerTextDef? {
        guard let fields = r.mapping(node, what: "customer_text", allowed: customerTextKeys) else { return nil }
        var names: [String] = []
        var labels: [(text: String, at: SourceLocation)] = []
        var ends: [(text: String, at: SourceLocation)] = []
        var within = 600
        func phrases(_ v: Node, _ what: String) -> [(text: String, at: SourceLocation)] {
            var out: [(text: String, at: SourceLocation)] = []
            for (text, n) in r.strings(v, what: what) ?? [] {
                let t = text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
                if t.isEmpty { r.fail(n, "an empty label matches everywhere") } else { out.append((t, r.location(n))) }
            }
            return out
        }
        for (k, _, v) in fields {
            switch k {
            case "fields": names = (r.strings(v, what: "fields") ?? []).map(\.0)
            case "after": labels += phrases(v, "after")
            case "until": ends += phrases(v, "until")
            case "within":
                guard let n = r.int(v, what: "within") else { continue }
                if n < 1 || n > 20_000 { r.fail(v, "within must be 1 to 20000 characters") } else { within = n }
            default: break
            }
        }
        if labels.isEmpty { return CustomerTextDef(fields: names, labels: nil, within: within) }
        let index = lexicon(
            "platform:\(platform):customer-text", "labels \(platform) prints before its customer's text", labels,
            at: r.location(keyNode), &cat)
        let endIndex =
            ends.isEmpty
            ? nil
            : lexicon(
                "platform:\(platform):customer-text-end", "template \(platform) prints after its customer's text", ends,
                at: r.location(keyNode), &cat)
        var def = CustomerTextDef(fields: names, labels: index, within: within)
        def.ends = endIndex
        return def
    }

    /// A platform's own lexicon, replaced whole when a later file redefines the platform.
    private static func lexicon(
        _ name: String, _ description: String, _ phrases: [(text: String, at: SourceLocation)],
        at location: SourceLocation, _ cat: inout RuleCatalog
    ) -> Int {
        let def = LexiconDef(name: name, description: description, phrases: phrases, regexes: [], location: location)
        if let i = cat.lexiconIndex(name) {
            cat.lexicons[i] = def
            return i
        }
        cat.lexicons.append(def)
        return cat.lexicons.count - 1
    }

    private static func parseRules(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard case let .sequence(seq) = node else { r.fail(node, "rules must be a list"); return }
        for item in seq {
            guard let fields = r.mapping(item, what: "rule", allowed: ruleKeys) else { continue }
            var id: String?
            var description: String?, group: String?, score: Double?, enabled: Bool?
            var when: Node?
            for (k, _, v) in fields {
                switch k {
                case "id":
                    if let s = r.string(v, what: "id") {
                        if isIdentifier(s, allowDash: false) { id = s } else { r.fail(v, "rule id '\(s)' must be letters, digits and '_'") }
                    }
                case "description": description = r.string(v, what: "description")
                case "group": group = r.string(v, what: "group")
                case "score": score = r.double(v, what: "score")
                case "enabled": enabled = r.bool(v, what: "enabled")
                case "when": when = v
                default: break
                }
            }
            guard let id else {
                if !fields.contains(where: { $0.key == "id" }) { r.fail(item, "rule needs an id") }
                continue
            }
            if let i = cat.rules.firstIndex(where: { $0.def.id == id }) {
                // An override: change only what it names.
                if let description { cat.rules[i].def.description = description }
                if let group { cat.rules[i].def.group = group }
                if let score { cat.rules[i].def.score = score }
                if let enabled { cat.rules[i].def.enabled = enabled }
                if let when { cat.rules[i].when = when; cat.rules[i].reader = r }
                continue
            }
            guard let when else { r.fail(item, "rule \(id) needs a 'when' condition"); continue }
            guard let score else { r.fail(item, "rule \(id) needs a score"); continue }
            let def = RuleDef(
                id: id, description: description ?? "", group: group ?? "default",
                score: score, condition: .always, enabled: enabled ?? true,
                location: r.location(item))
            cat.rules.append(.init(def: def, when: when, reader: r))
        }
    }

    /// Phrases are written naturally and folded the way message text is, so
    /// "Unauthorized  Charge" matches "unauthorized charge".
    static func foldPhrase(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    static func isIdentifier(_ s: String, allowDash: Bool) -> Bool {
        !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                ($0.value < 128 && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || (allowDash && $0 == "-")
            }
    }

    static func isE164(_ s: String) -> Bool {
        s.hasPrefix("+") && s.count >= 8 && s.count <= 16 && s.dropFirst().allSatisfy(\.isASCII) && s.dropFirst().allSatisfy(\.isNumber)
    }
}
