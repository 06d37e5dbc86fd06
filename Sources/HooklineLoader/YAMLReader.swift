import Foundation
import Yams
import HooklineEngine

/// Reads YAML into nodes that remember where they came from, and collects every
/// problem as a located `Diagnostic` instead of stopping at the first one: an
/// administrator fixing a rule file wants the whole list in one run.
final class YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Parses a whole file; nil (with a diagnostic) if it is not valid YAML.
    func parse(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else { return .mapping(.init([])) }
            return node
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _),
                let .composer(_, problem, mark, _):
                fail(at: mark, "YAML syntax: \(problem)")
            case let .duplicatedKeysInMapping(duplicates, context):
                fail(at: context.mark, "duplicate key \(duplicates.joined(separator: ", "))")
            default:
                diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "YAML: \(error)"))
            }
            return nil
        } catch {
            diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: "YAML: \(error)"))
            return nil
        }
    }

    func fail(at mark: Mark?, _ message: String) {
        diagnostics.append(
            Diagnostic(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                message: message))
    }

    func fail(_ node: Node, _ message: String) { fail(at: node.mark, message) }

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    // MARK: typed access; each reports a located problem and returns nil on mismatch

    /// The entries of a mapping, keyed by string, in file order. Unknown keys are
    /// reported so that a typo ("quarantene:") is not silently ignored.
    func mapping(_ node: Node, what: String, allowed: Set<String>? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case let .mapping(map) = node else {
            fail(node, "\(what) must be a mapping")
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in map {
            guard let key = k.scalar?.string else { fail(k, "\(what): keys must be strings"); continue }
            if let allowed, !allowed.contains(key) {
                fail(k, "\(what): unknown key '\(key)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    func string(_ node: Node, what: String) -> String? {
        guard case let .scalar(s) = node else { fail(node, "\(what) must be a string"); return nil }
        return s.string
    }

    func double(_ node: Node, what: String) -> Double? {
        guard case let .scalar(s) = node, let d = Double(s.string), d.isFinite else {
            fail(node, "\(what) must be a number"); return nil
        }
        return d
    }

    func int(_ node: Node, what: String, min: Int = 0) -> Int? {
        guard case let .scalar(s) = node, let i = Int(s.string), i >= min else {
            fail(node, "\(what) must be a whole number ≥ \(min)"); return nil
        }
        return i
    }

    func bool(_ node: Node, what: String) -> Bool? {
        guard case let .scalar(s) = node else { fail(node, "\(what) must be true or false"); return nil }
        switch s.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: fail(node, "\(what) must be true or false"); return nil
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node else { return false }
        return s.tag == Tag(.null) || ["", "~", "null", "Null", "NULL"].contains(s.string) && s.style == .plain
    }

    /// A string or a list of strings (lists are the common case; one value is accepted as a list of one).
    func strings(_ node: Node, what: String) -> [(String, Node)]? {
        switch node {
        case let .scalar(s): return [(s.string, node)]
        case let .sequence(seq):
            var out: [(String, Node)] = []
            for item in seq {
                guard case let .scalar(s) = item else { fail(item, "\(what): each entry must be a string"); continue }
                out.append((s.string, item))
            }
            return out
        default:
            fail(node, "\(what) must be a string or a list of strings"); return nil
        }
    }
}
