import Yams
import HooklineCore
import HooklineEngine

/// Named lists and named conditions inside conditions: where a rule says
/// `{list: webmail}` or `condition: internal_mail`, the definition from
/// whichever file defined it last takes its place.
extension ConditionParser {
    /// The values of a condition that takes a list: a string, a list of strings,
    /// `{list: NAME}`, or a list mixing strings and `{list: NAME}` items.
    func values(_ node: Node, _ r: YAMLReader, what: String) -> [ListValue]? {
        switch node {
        case let .scalar(s):
            return [ListValue(text: s.string, node: node, reader: r)]
        case .mapping:
            return listReference(node, r, what: what)
        case let .sequence(seq):
            var out: [ListValue] = []
            var ok = true
            for item in seq {
                switch item {
                case let .scalar(s): out.append(ListValue(text: s.string, node: item, reader: r))
                case .mapping:
                    if let vs = listReference(item, r, what: what) { out += vs } else { ok = false }
                default:
                    r.fail(item, "\(what): each entry must be a string or {list: NAME}"); ok = false
                }
            }
            return ok ? out : nil
        default:
            r.fail(node, "\(what) must be a string, a list of strings or {list: NAME}")
            return nil
        }
    }

    private func listReference(_ node: Node, _ r: YAMLReader, what: String) -> [ListValue]? {
        guard let fields = r.mapping(node, what: what, allowed: ["list"]) else { return nil }
        guard let (_, _, nameNode) = fields.first, fields.count == 1 else {
            r.fail(node, "\(what): write a list reference as {list: NAME}"); return nil
        }
        guard let name = r.string(nameNode, what: "list") else { return nil }
        guard let list = catalog.lists[name] else {
            let known = catalog.lists.keys.sorted().joined(separator: ", ")
            r.fail(nameNode, "unknown list '\(name)'" + (known.isEmpty ? " (no lists are defined)" : " (defined: \(known))"))
            return nil
        }
        return list.values
    }

    /// A named condition, parsed once where it is defined; an unknown name or a
    /// definition that reaches itself is reported where the name is used.
    mutating func named(_ name: String, _ node: Node, _ r: YAMLReader) -> Condition? {
        if let i = resolving.firstIndex(of: name) {
            let chain = (resolving[i...] + [name]).joined(separator: " → ")
            r.fail(node, "condition cycle: \(chain)")
            return nil
        }
        guard let i = catalog.conditionIndex(name) else {
            let known = catalog.conditions.map(\.name).joined(separator: ", ")
            r.fail(node, "unknown condition '\(name)'" + (known.isEmpty ? " (no conditions are defined)" : " (defined: \(known))"))
            return nil
        }
        // Kept as `.named` so the evaluator answers it once per message (RuleModel).
        if let done = resolved[name] { return done.map { .named(index: i, $0) } }
        let def = catalog.conditions[i]
        resolving.append(name)
        let c = parse(def.when, def.reader)
        resolving.removeLast()
        resolved[name] = .some(c)
        return c.map { .named(index: i, $0) }
    }

    /// Parses every named condition, used or not, so a broken one is reported
    /// the day it is written rather than the day a rule first uses it.
    mutating func checkNamedConditions() {
        for def in catalog.conditions { _ = named(def.name, def.when, def.reader) }
    }
}
