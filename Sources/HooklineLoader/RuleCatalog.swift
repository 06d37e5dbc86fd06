import Yams
import HooklineCore
import HooklineEngine

/// Everything the rule files define, merged in load order. Later files win, so
/// a local file loaded after the shipped ones can override a rule's score,
/// disable it, add phrases to a lexicon, extend a list, redefine a named
/// condition or a group's cap, or redefine a platform without editing the
/// shipped files (they are replaced on upgrade).
struct RuleCatalog {
    var lexicons: [LexiconDef] = []
    var platforms: [PlatformDef] = []
    /// Rules in first-definition order, with their unresolved `when:` nodes.
    var rules: [PendingRule] = []
    /// Declared groups; only these have bounds.
    var groups: [String: GroupDef] = [:]
    /// Named value lists (`lists:`), resolved where a condition names them, so a
    /// local file's additions reach the shipped rules that use the list.
    var lists: [String: NamedList] = [:]
    /// Named conditions (`conditions:`) in first-definition order, unresolved:
    /// they may name lexicons, lists and each other from any file.
    var conditions: [NamedCondition] = []

    struct PendingRule {
        var def: RuleDef
        var when: Node?
        var reader: YAMLReader
    }

    struct NamedCondition {
        var name: String
        var when: Node
        var reader: YAMLReader
    }

    func lexiconIndex(_ name: String) -> Int? { lexicons.firstIndex { $0.name == name } }
    func conditionIndex(_ name: String) -> Int? { conditions.firstIndex { $0.name == name } }
}

/// One value of a list as written, with where it was written: a bad entry (a
/// CIDR that does not parse) is reported in the file that holds it, not at the
/// rule that uses the list.
struct ListValue {
    let text: String
    let node: Node
    let reader: YAMLReader

    func fail(_ message: String) { reader.fail(node, message) }
}

struct NamedList {
    var values: [ListValue]
    var location: SourceLocation
}
