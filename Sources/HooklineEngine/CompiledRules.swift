import HooklineCore
import HooklineDetect
import HooklineText

/// The rule files after validation: rules with resolved conditions, lexicons
/// compiled into one Vectorscan streaming database (fed every message view) and
/// subject/header regexes into one block database. Immutable and shared by all
/// milter threads.
package final class CompiledRules: @unchecked Sendable {
    package let rules: [RuleDef]
    package let lexicons: [LexiconDef]
    package let platforms: [PlatformDef]
    /// Declared groups by name; a rule's group that is not here has no bounds.
    package let groups: [String: GroupDef]
    package let streamDB: PatternDatabase?
    package let blockDB: PatternDatabase?
    /// Stream pattern id → lexicon index.
    package let lexiconOfPattern: [Int]
    package let streamPatternCount: Int
    package let blockPatternCount: Int
    /// Header names some condition looks at (lowercased), so only those are scanned.
    package let headerNamesWanted: Set<String>
    /// The same with its lookup list built, which every message's headers take as they are.
    package let keptHeaderNames: HeaderFeatures.KeptHeaderNames
    /// Every platform's senders, owner = index in `platforms`: which platforms an address
    /// claims, in a few lookups instead of a test per sender of every platform.
    package let platformSenders: AddressIndex
    /// One more than the highest catalogue index of a named condition the rules use: the
    /// evaluator keeps each one's answer in an array of this size.
    package let namedConditionCount: Int
    /// The rules' conditions flattened for the evaluator, built here so that every loader
    /// (run, check-config, reload, scan) gets the same.
    package let program: ConditionProgram
    /// ``RuleEvaluator/ownNames(_:)`` of each platform, by index in `platforms`: what
    /// `customer_text` with `foreign` compares a match with; it depends on the platform alone.
    package let platformOwnNames: [[String]]
    /// What each rule needs of a message to hold, so the evaluator skips the rules that cannot.
    let gates: RuleGates

    package static let empty = CompiledRules(
        rules: [], lexicons: [], platforms: [], groups: [:], streamDB: nil,
        blockDB: nil, lexiconOfPattern: [], blockPatternCount: 0)

    private init(
        rules: [RuleDef], lexicons: [LexiconDef], platforms: [PlatformDef], groups: [String: GroupDef],
        streamDB: PatternDatabase?, blockDB: PatternDatabase?, lexiconOfPattern: [Int],
        blockPatternCount: Int
    ) {
        self.rules = rules; self.lexicons = lexicons; self.platforms = platforms; self.groups = groups
        self.streamDB = streamDB; self.blockDB = blockDB; self.lexiconOfPattern = lexiconOfPattern
        self.streamPatternCount = lexiconOfPattern.count; self.blockPatternCount = blockPatternCount
        var names = Set<String>()
        var named = 0
        func walk(_ c: Condition) {
            switch c {
            case let .all(cs), let .any(cs): cs.forEach(walk)
            case let .not(x): walk(x)
            case let .named(i, x):
                named = max(named, i + 1)
                walk(x)
            case let .header(name, _): names.insert(name)
            default: break
            }
        }
        rules.forEach { walk($0.condition) }
        headerNamesWanted = names
        keptHeaderNames = HeaderFeatures.KeptHeaderNames(names)
        namedConditionCount = named
        program = ConditionProgram(rules, platformNames: platforms.map(\.name))
        platformSenders = AddressIndex(platforms.map(\.senders))
        platformOwnNames = platforms.map(RuleEvaluator.ownNames)
        gates = RuleGates(rules, platforms: platforms, program: program)
    }

    /// The same lexicons, platforms, groups and pattern databases with other rules: for the
    /// tests that compare the evaluator's strategies over generated rule sets (no pattern
    /// is compiled again).
    package func withRules(_ rules: [RuleDef]) -> CompiledRules {
        CompiledRules(
            rules: rules, lexicons: lexicons, platforms: platforms, groups: groups, streamDB: streamDB, blockDB: blockDB,
            lexiconOfPattern: lexiconOfPattern, blockPatternCount: blockPatternCount)
    }

    package static func compile(
        lexicons: [LexiconDef], platforms: [PlatformDef], rules: [RuleDef],
        groups: [String: GroupDef] = [:],
        blockPatterns: [(spec: PatternSpec, at: SourceLocation)],
        compiler: PatternCompiler = .inProcess
    ) -> Result<CompiledRules, LoadFailure> {
        var specs: [PatternSpec] = []
        var owners: [Int] = []
        var locations: [SourceLocation] = []
        for (li, lex) in lexicons.enumerated() {
            for p in lex.phrases {
                specs.append(
                    PatternSpec(
                        id: UInt32(specs.count), expression: phraseRegex(LatinFold.fold(p.text)), caseless: true,
                        length: phraseLength(LatinFold.fold(p.text))))
                owners.append(li); locations.append(p.at)
            }
            for re in lex.regexes {
                specs.append(PatternSpec(id: UInt32(specs.count), expression: LatinFold.fold(re.text), caseless: true))
                owners.append(li); locations.append(re.at)
            }
        }
        var diagnostics: [Diagnostic] = []
        var streamDB: PatternDatabase?
        var blockDB: PatternDatabase?
        if !specs.isEmpty {
            do { streamDB = try PatternDatabase(specs, mode: .stream, compiler: compiler) } catch {
                diagnostics.append(diagnostic(error, locations))
            }
        }
        if !blockPatterns.isEmpty {
            do { blockDB = try PatternDatabase(blockPatterns.map(\.spec), mode: .block, compiler: compiler) } catch {
                diagnostics.append(diagnostic(error, blockPatterns.map(\.at)))
            }
        }
        guard diagnostics.isEmpty else { return .failure(LoadFailure(diagnostics)) }
        return .success(
            CompiledRules(
                rules: rules, lexicons: lexicons, platforms: platforms, groups: groups,
                streamDB: streamDB, blockDB: blockDB, lexiconOfPattern: owners,
                blockPatternCount: blockPatterns.count))
    }

    private static func diagnostic(_ e: PatternCompileError, _ locations: [SourceLocation]) -> Diagnostic {
        if let i = e.index, i >= 0, i < locations.count {
            let at = locations[i]
            return Diagnostic(file: at.file, line: at.line, column: at.column, message: "pattern does not compile: \(e.message)")
        }
        let at = locations.first
        return Diagnostic(
            file: at?.file ?? "?", line: at?.line ?? 1, column: at?.column ?? 1,
            message: "patterns do not compile: \(e.message)")
    }

    /// A lexicon phrase as a Vectorscan expression: literal text, one space between
    /// words, word boundaries where the phrase starts or ends with a word character (so
    /// "refund" does not fire inside "refunded" only if the author wrote it that way;
    /// stems are written as regexes).
    ///
    /// One space, not `\s+`: the normaliser collapses white space inside a view, so the
    /// only longer runs in the stream are the separators between views, and `\s+` let a
    /// phrase run from the end of one view into the next (a Subject ending "Webex" and a
    /// body starting "Meeting", quoted as "ebex\n\nmeeting" because a phrase's start is
    /// its end less ``phraseLength``). A phrase is then a literal to Vectorscan instead
    /// of an automaton started at every occurrence of its first word: the stream database
    /// scanned ~30 % faster.
    /// How many bytes of normalised text a phrase matches: its words and one space
    /// between each (the normaliser collapses white space runs).
    package static func phraseLength(_ phrase: String) -> Int {
        let words = phrase.split(separator: " ")
        return words.reduce(0) { $0 + $1.utf8.count } + max(0, words.count - 1)
    }

    package static func phraseRegex(_ phrase: String) -> String {
        var out = ""
        let words = phrase.split(separator: " ")
        for (i, w) in words.enumerated() {
            if i > 0 { out += " " }
            for u in w.unicodeScalars {
                if u.value < 128 && !(u.properties.isAlphabetic || ("0"..."9").contains(u)) {
                    out += "\\" + String(u)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber } ?? false }
        if isWord(phrase.first), phrase.first?.isASCII == true { out = "\\b" + out }
        if isWord(phrase.last), phrase.last?.isASCII == true { out += "\\b" }
        return out
    }
}
