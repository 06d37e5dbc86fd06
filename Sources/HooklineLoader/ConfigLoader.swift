import Foundation
import Glibc
import Yams
import HooklineCore
import HooklineEngine
import HooklineDetect

/// The one loader used by `run`, `check-config` and reload: decode → validate →
/// compile. Either every file is valid and an `Engine` comes out, or nothing
/// changes and every problem is reported with its location.
public enum ConfigLoader {
    public static let defaultPaths = ["/etc/hookline/hookline.yaml", "./Config/hookline.yaml"]

    /// docs/SPEC.md §2 lookup order: --config, $HOOKLINE_CONFIG, /etc/hookline/hookline.yaml, ./Config/hookline.yaml.
    public static func locate(explicit: String?) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = ProcessInfo.processInfo.environment["HOOKLINE_CONFIG"], !env.isEmpty { return env }
        return defaultPaths.first { FileManager.default.fileExists(atPath: $0) }
    }

    static let topKeys: Set<String> = [
        "listen", "mode", "on_error", "actions", "reject_text", "headers",
        "trusted_authserv_ids", "trust_recipient_domain", "rules", "user",
        "socket_mode", "limits", "ocr", "log_level", "log_target", "log_format", "metrics",
    ]

    /// `compiler`: where the patterns compile; the daemon passes a child process so it
    /// never carries the compiler's heap (docs/PERFORMANCE.md).
    public static func load(path: String, compiler: PatternCompiler = .inProcess) -> Result<Engine, LoadFailure> {
        let r = YAMLReader(file: path)
        guard let (text, configStat) = readFile(path, r) else { return .failure(LoadFailure(r.diagnostics)) }
        var config = HooklineConfig()
        config.path = path
        var ruleGlobs: [(String, Node)] = []
        var triggerNode: Node?
        if let root = r.parse(text), let top = r.mapping(root, what: "config", allowed: topKeys) {
            for (key, _, v) in top {
                apply(key, v, r, &config, &ruleGlobs)
                if key == "ocr" { triggerNode = v.mapping?["trigger_lexicon"] }
            }
        }
        // Ownership and modes are judged once `user:` is known; a config that
        // others can write is refused before anything it names is read.
        let trust = FileTrust(serviceUser: config.user)
        if let problem = trust.problem(path, configStat) {
            return .failure(LoadFailure([Diagnostic(file: path, line: 1, column: 1, message: problem)]))
        }
        var diagnostics = r.diagnostics

        // Rule files, in glob order (sorted within each glob), so `local.d/*.yaml`
        // listed last overrides the shipped files.
        var catalog = RuleCatalog()
        var ruleFiles: [String] = []
        let base = (path as NSString).deletingLastPathComponent
        for (pattern, node) in ruleGlobs {
            let full = pattern.hasPrefix("/") ? pattern : (base.isEmpty ? pattern : base + "/" + pattern)
            let matches = expandGlob(full)
            if matches.isEmpty && !hasGlobChars(pattern) {
                r.fail(node, "rule file '\(pattern)' not found")
            }
            for f in matches where !ruleFiles.contains(f) { ruleFiles.append(f) }
        }
        diagnostics = r.diagnostics
        var unreadable = false
        // Every rule file's reader: lists and named conditions defined in one file are
        // resolved (and their problems reported) while another file's rules are parsed.
        var readers: [YAMLReader] = []
        for file in ruleFiles {
            let fr = YAMLReader(file: file)
            readers.append(fr)
            if let (t, st) = readFile(file, fr) {
                if let problem = trust.problem(file, st) {
                    diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: problem))
                    unreadable = true
                } else if let root = fr.parse(t) {
                    RuleFileParser.parse(root, reader: fr, into: &catalog)
                } else {
                    unreadable = true
                }
            } else {
                unreadable = true
            }
            diagnostics += fr.diagnostics
        }
        // A file that did not parse would make every reference into it look
        // wrong; report the syntax errors alone, as a compiler does.
        if unreadable { return .failure(LoadFailure(dedupe(diagnostics))) }
        if ruleFiles.isEmpty && !ruleGlobs.isEmpty {
            diagnostics.append(
                Diagnostic(file: path, line: 1, column: 1, message: "no rule files matched 'rules:'; nothing would ever be detected"))
        }

        // OCR's trigger names a lexicon of the rule files: a name written in the config must
        // exist; the default quietly turns the trigger off with rule files that lack it.
        if let name = config.limits.ocrTriggerLexicon, catalog.lexiconIndex(name) == nil {
            if let node = triggerNode, !r.isNull(node) {
                r.fail(node, "ocr.trigger_lexicon: unknown lexicon '\(name)'")
                diagnostics += r.diagnostics.filter { !diagnostics.contains($0) }
            } else {
                config.limits.ocrTriggerLexicon = nil
            }
        }

        // Conditions can name lexicons and platforms from any file, so they are
        // resolved once everything is read.
        var cp = ConditionParser(catalog: catalog)
        cp.checkNamedConditions()
        var rules: [RuleDef] = []
        for pending in catalog.rules {
            guard let when = pending.when, let cond = cp.parse(when, pending.reader) else { continue }
            var def = pending.def
            def.condition = cond
            rules.append(def)
        }
        for reader in readers { diagnostics += reader.diagnostics.filter { !diagnostics.contains($0) } }
        guard diagnostics.isEmpty else { return .failure(LoadFailure(dedupe(diagnostics))) }

        switch CompiledRules.compile(
            lexicons: catalog.lexicons, platforms: catalog.platforms, rules: rules,
            groups: catalog.groups, blockPatterns: cp.blockPatterns, compiler: compiler)
        {
        case .success(let compiled):
            return .success(Engine(config: config, rules: compiled))
        case .failure(let f):
            return .failure(f)
        }
    }

    private static func dedupe(_ d: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<String>(), out: [Diagnostic] = []
        for x in d where seen.insert(x.description).inserted { out.append(x) }
        return out
    }

    private static func readFile(_ path: String, _ r: YAMLReader) -> (String, stat)? {
        let read: (data: Data, stat: stat)
        switch FileTrust.read(path) {
        case .success(let x): read = x
        case .failure(let e):
            r.fail(at: nil, e.message)
            return nil
        }
        guard let s = String(data: read.data, encoding: .utf8) else {
            r.fail(at: nil, "file is not valid UTF-8")
            return nil
        }
        return (s, read.stat)
    }

    private static func apply(
        _ key: String, _ v: Node, _ r: YAMLReader, _ c: inout HooklineConfig,
        _ ruleGlobs: inout [(String, Node)]
    ) {
        switch key {
        case "listen":
            if let s = r.string(v, what: "listen") {
                if s.hasPrefix("inet:") || s.hasPrefix("inet6:") || s.hasPrefix("unix:") || s.hasPrefix("local:") {
                    c.listen = s
                } else {
                    r.fail(v, "listen must be inet:PORT@HOST, inet6:PORT@HOST or unix:/path")
                }
            }
        case "mode":
            if let s = r.string(v, what: "mode") {
                if let m = Mode(rawValue: s) { c.mode = m } else { r.fail(v, "mode must be enforce or monitor") }
            }
        case "on_error":
            if let s = r.string(v, what: "on_error") {
                if let p = ErrorPolicy(rawValue: s) { c.onError = p } else { r.fail(v, "on_error must be accept or tempfail") }
            }
        case "actions":
            guard let fields = r.mapping(v, what: "actions", allowed: ["tag", "quarantine", "reject"]) else { return }
            for (k, _, fv) in fields {
                let value: Double? = r.isNull(fv) ? nil : r.double(fv, what: "actions.\(k)")
                switch k {
                case "tag": c.tagThreshold = value
                case "quarantine": c.quarantineThreshold = value
                default: c.rejectThreshold = value
                }
            }
            let t = [c.tagThreshold, c.quarantineThreshold, c.rejectThreshold].compactMap { $0 }
            if t != t.sorted() { r.fail(v, "action thresholds must not decrease from tag to quarantine to reject") }
        case "reject_text":
            if let s = r.string(v, what: "reject_text") { c.rejectText = s }
        case "headers":
            guard let fields = r.mapping(v, what: "headers", allowed: ["verdict", "on_accept", "subject_prefix"]) else { return }
            for (k, _, fv) in fields {
                switch k {
                case "verdict":
                    if let s = r.string(fv, what: "headers.verdict") {
                        if isHeaderName(s) { c.verdictHeader = s } else { r.fail(fv, "'\(s)' is not a valid header name") }
                    }
                case "on_accept": if let b = r.bool(fv, what: "headers.on_accept") { c.headerOnAccept = b }
                default: c.subjectPrefix = r.isNull(fv) ? nil : r.string(fv, what: "headers.subject_prefix")
                }
            }
        case "trusted_authserv_ids":
            c.trustedAuthservIds = Set((r.strings(v, what: "trusted_authserv_ids") ?? []).map { $0.0.lowercased() })
        case "trust_recipient_domain":
            if let b = r.bool(v, what: "trust_recipient_domain") { c.trustRecipientDomain = b }
        case "rules":
            ruleGlobs = r.strings(v, what: "rules") ?? []
        case "user":
            c.user = r.isNull(v) ? nil : r.string(v, what: "user")
        case "socket_mode":
            if let s = r.string(v, what: "socket_mode"), let m = UInt32(s, radix: 8), m <= 0o777 {
                c.socketMode = m
            } else {
                r.fail(v, "socket_mode must be an octal mode such as 0660")
            }
        case "log_level":
            if let s = r.string(v, what: "log_level") {
                if let l = Log.Level(rawValue: s) { c.logLevel = l } else { r.fail(v, "log_level must be debug, info, warning or error") }
            }
        case "log_target":
            if let s = r.string(v, what: "log_target") {
                if let t = Log.Target(rawValue: s) { c.logTarget = t } else { r.fail(v, "log_target must be stderr or syslog") }
            }
        case "log_format":
            if let s = r.string(v, what: "log_format") {
                if let f = Log.Format(rawValue: s) { c.logFormat = f } else { r.fail(v, "log_format must be text or json") }
            }
        case "limits":
            LimitsReader.apply(v, r, &c.limits)
        case "ocr":
            LimitsReader.applyOCR(v, r, &c.limits)
        case "metrics":
            if r.isNull(v) { return }
            guard let fields = r.mapping(v, what: "metrics", allowed: ["listen"]) else { return }
            for (_, _, fv) in fields where !r.isNull(fv) {
                guard let s = r.string(fv, what: "metrics.listen") else { continue }
                switch MetricsAddress.parse(s) {
                case .success(let a): c.metricsListen = a
                case .failure(let p): r.fail(fv, p.description)
                }
            }
        default: break
        }
    }

    static func isHeaderName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") }
    }

    static func hasGlobChars(_ s: String) -> Bool { s.contains { "*?[".contains($0) } }

    static func expandGlob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out.sorted()
    }
}
