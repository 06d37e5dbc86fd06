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

    /// Yams' rule-less resolver: every plain scalar stays a string. The readers below only
    /// ever ask for a scalar's text (and, for null, its style or an explicit `!!null`), so
    /// no answer depends on a resolved tag. Yams' default resolver matches every mapping key
    /// against seven `NSRegularExpression`s (its duplicate-key check hashes resolved tags),
    /// which brought ICU's regex engine into the daemon at start: ~1.5 MB of
    /// `lib_FoundationICU` pages and 0.2 MB of compiled patterns that stayed resident for the
    /// process's life although no message ever used them (docs/PERFORMANCE.md, stop 24).
    /// The one difference: two keys of one mapping with the same text, one plain and one
    /// quoted (`1:` and `"1":`), were two keys to Yams (int and str) but are the same key to
    /// every reader here; they are now a duplicate-key error, as two plain ones always were.
    static let resolver = Resolver.basic

    /// Parses a whole file; nil (with a diagnostic) if it is not valid YAML.
    func parse(_ text: String, resolver: Resolver = YAMLReader.resolver) -> Node? {
        do {
            // The empty mapping's tag names its resolver: the default argument would
            // build Yams' default resolver, regexes and all.
            guard let node = try Yams.compose(yaml: text, resolver) else { return .mapping(.init([], Tag(.implicit, resolver))) }
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

    /// An explicit `!!null`, or a plain scalar YAML reads as null. The tag is compared by
    /// name: `Tag(.null)` would build Yams' default resolver (see ``resolver``).
    func isNull(_ node: Node) -> Bool {
        guard case let .scalar(s) = node else { return false }
        return s.tag.description == Tag.Name.null.rawValue
            || ["", "~", "null", "Null", "NULL"].contains(s.string) && s.style == .plain
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
