import Yams
import HooklineCore
import HooklineEngine

/// The sections of a rule file that name a concept once for rules to share:
/// `groups` (bounds on what a group of rules adds), `lists` (values for
/// `from:`, `auth_domain:`, `client:` …) and `conditions` (reusable `when:`
/// trees). Each can be changed by a later file, which is how `local.d/` tunes
/// the shipped rules without editing them.
extension RuleFileParser {
    static let groupKeys: Set<String> = ["description", "max_score", "min_score"]
    static let listChangeKeys: Set<String> = ["add", "remove"]

    /// `groups: NAME: {description, max_score, min_score}`. A later file changes
    /// only the keys it gives; `max_score: null` lifts a cap.
    static func parseGroups(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard let entries = r.mapping(node, what: "groups") else { return }
        for (name, keyNode, value) in entries {
            guard isIdentifier(name, allowDash: true) else {
                r.fail(keyNode, "group name '\(name)' must be letters, digits, '_' or '-'"); continue
            }
            guard let fields = r.mapping(value, what: "group \(name)", allowed: groupKeys) else { continue }
            var def = cat.groups[name] ?? GroupDef(name: name, location: r.location(keyNode))
            for (k, _, v) in fields {
                switch k {
                case "description": def.description = r.string(v, what: "description") ?? ""
                case "max_score":
                    if r.isNull(v) { def.maxScore = nil; continue }
                    guard let d = r.double(v, what: "max_score") else { continue }
                    // A cap bounds what a group adds; a negative one would turn hits into a bonus.
                    if d < 0 { r.fail(v, "max_score must be ≥ 0 (min_score bounds negative groups)") } else { def.maxScore = d }
                case "min_score":
                    if r.isNull(v) { def.minScore = nil; continue }
                    guard let d = r.double(v, what: "min_score") else { continue }
                    if d > 0 { r.fail(v, "min_score must be ≤ 0 (max_score bounds positive groups)") } else { def.minScore = d }
                default: break
                }
            }
            cat.groups[name] = def
        }
    }

    /// `lists: NAME: [values]` defines or replaces a list; `NAME: {add: [...],
    /// remove: [...]}` changes one an earlier file defined. Changing an
    /// undefined list is an error: a typo in a local file must not silently
    /// leave the shipped list as it was.
    static func parseLists(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard let entries = r.mapping(node, what: "lists") else { return }
        for (name, keyNode, value) in entries {
            guard isIdentifier(name, allowDash: true) else {
                r.fail(keyNode, "list name '\(name)' must be letters, digits, '_' or '-'"); continue
            }
            if case .mapping = value {
                guard let fields = r.mapping(value, what: "list \(name)", allowed: listChangeKeys) else { continue }
                guard var list = cat.lists[name] else {
                    r.fail(keyNode, "list '\(name)' is not defined by an earlier file; define it with a plain list [...]")
                    continue
                }
                for (k, _, v) in fields {
                    let values = listValues(v, r, what: "\(name).\(k)")
                    if k == "add" {
                        list.values += values
                    } else {
                        // Removing a value the list no longer holds is fine: the shipped list may drop it on upgrade.
                        let gone = Set(values.map { $0.text.lowercased() })
                        list.values.removeAll { gone.contains($0.text.lowercased()) }
                    }
                }
                cat.lists[name] = list
            } else {
                cat.lists[name] = NamedList(values: listValues(value, r, what: "list \(name)"), location: r.location(keyNode))
            }
        }
    }

    private static func listValues(_ node: Node, _ r: YAMLReader, what: String) -> [ListValue] {
        (r.strings(node, what: what) ?? []).map { ListValue(text: $0.0, node: $0.1, reader: r) }
    }

    /// `conditions: NAME: <when>`. Resolved after every file is read, so a
    /// named condition can use lexicons, lists and other named conditions
    /// defined anywhere; a later definition replaces an earlier one.
    static func parseConditions(_ node: Node, _ r: YAMLReader, _ cat: inout RuleCatalog) {
        guard let entries = r.mapping(node, what: "conditions") else { return }
        for (name, keyNode, value) in entries {
            guard isIdentifier(name, allowDash: true) else {
                r.fail(keyNode, "condition name '\(name)' must be letters, digits, '_' or '-'"); continue
            }
            let def = RuleCatalog.NamedCondition(name: name, when: value, reader: r)
            if let i = cat.conditionIndex(name) { cat.conditions[i] = def } else { cat.conditions.append(def) }
        }
    }
}
