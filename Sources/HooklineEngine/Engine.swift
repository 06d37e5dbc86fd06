import HooklineCore
import HooklineDetect

/// What `on_error` says to do when Hookline itself fails.
public enum ErrorPolicy: String, Sendable { case accept, tempfail }
public enum Mode: String, Sendable { case enforce, monitor }

/// The validated, compiled config: everything a message needs, immutable, shared
/// by all libmilter threads. A reload builds a new one and swaps it in.
public final class Engine: Sendable {
    public let config: HooklineConfig
    /// The config's ``ActionPolicy``, made once: made from `config` at every message (the
    /// verdict's action, the end-of-message decision), each passed the whole config, copied
    /// with every string, list and table in it retained and released.
    public let policy: ActionPolicy
    package let rules: CompiledRules
    /// Evaluate each rule's `Condition` tree instead of the compiled program: only for the
    /// tests that compare the two over whole messages.
    package let evaluatesConditionTrees: Bool
    /// The fields a sender may not set, the verdict header folded once here rather than
    /// at every header of every message (the milter and the scan both ask).
    public let ownHeaderNames: OwnHeaderNames
    /// Skip the rules ``RuleGates`` shows cannot hold (false only for the tests that compare
    /// with walking every rule).
    package let gatesRules: Bool
    /// Every message's text analyzer, reset between messages rather than built for each.
    public let analyzers: TextAnalyzerPool
    package init(config: HooklineConfig, rules: CompiledRules, evaluatesConditionTrees: Bool = false, gatesRules: Bool = true) {
        self.config = config; self.rules = rules; self.evaluatesConditionTrees = evaluatesConditionTrees
        self.gatesRules = gatesRules
        policy = ActionPolicy(config: config)
        ownHeaderNames = OwnHeaderNames(verdictHeader: config.verdictHeader)
        analyzers = TextAnalyzerPool(patterns: rules.streamDB, limits: config.limits)
        // At load, not in the first messages after a start (a reload finds it done).
        TextAnalyzer.prepare()
    }
    /// An engine with no rules: every message scores 0. For tests of the plumbing.
    public convenience init(config: HooklineConfig) { self.init(config: config, rules: .empty) }

    /// One line for logs and `check-config`.
    public var summary: String {
        "\(rules.rules.count) rules (\(rules.rules.filter(\.enabled).count) enabled), "
            + "\(rules.lexicons.count) lexicons, \(rules.platforms.count) platforms, "
            + "\(rules.streamPatternCount) stream patterns, \(rules.blockPatternCount) header patterns"
    }
}

/// The top-level settings of hookline.yaml (docs/SPEC.md §2).
public struct HooklineConfig: Sendable {
    public var path: String = ""
    public var listen: String = "inet:8899@127.0.0.1"
    public var mode: Mode = .enforce
    public var onError: ErrorPolicy = .accept
    public var tagThreshold: Double? = 5.0
    public var quarantineThreshold: Double? = 10.0
    public var rejectThreshold: Double? = nil
    public var rejectText: String = "Message rejected as callback phishing"
    public var verdictHeader: String = "X-Hookline-Verdict"
    public var headerOnAccept: Bool = true
    /// Prefix added to Subject on tag (and above), or nil.
    public var subjectPrefix: String? = nil
    /// Unix socket mode when listening on unix:, e.g. 0o660.
    public var socketMode: UInt32 = 0o660
    /// Drop privileges to this user after opening the socket (when started as root).
    public var user: String? = nil
    public var limits: Limits = .default
    /// authserv-ids whose Authentication-Results are believed (lowercased).
    public var trustedAuthservIds: Set<String> = []
    /// Also believe an authserv-id inside an envelope recipient's own domain
    /// (the organisation's MX), so a default install works without listing it.
    public var trustRecipientDomain: Bool = true
    public var logLevel: Log.Level = .info
    /// `log_target`: stderr (the journal under systemd) or syslog, facility mail.
    public var logTarget: Log.Target = .stderr
    /// `log_format`: text or json lines.
    public var logFormat: Log.Format = .text
    /// `metrics.listen`: the loopback address of the Prometheus endpoint, or nil (the
    /// default) for none. Off by default: nothing listens that nobody asked for.
    public var metricsListen: MetricsAddress? = nil
    public init() {}
}

/// Who and what the message was addressed by, as the MTA told the milter.
public struct Envelope: Sendable {
    public var clientAddress: String?
    public var heloName: String?
    public var mailFrom: String?
    public var rcptTo: [String] = []
    public var queueId: String?
    /// The recipients were read from a saved message's headers (an offline scan with no
    /// `--rcpt`), not given by the MTA.
    public var recipientsFromHeaders = false
    public init() {}

    /// The MTA hands envelope addresses over as written in SMTP, "<user@example.com>";
    /// the detector compares bare addresses and domains (a recipient's domain vouches for
    /// its own MX's Authentication-Results). One function for the milter and for
    /// `hookline scan --rcpt/--from`, so both fill the envelope the same way.
    ///
    /// An ASCII address is trimmed on its bytes: the Character walk (grapheme breaking at
    /// both ends, a closure per Character) cost ~5 k instructions a call, MAIL FROM and each
    /// RCPT TO of every message. In ASCII the only cluster of more than one byte is CR LF,
    /// which is neither blank nor an angle bracket, so the bytes cut where the Characters do;
    /// any other text takes ``bareAddressOfCharacters(_:)``.
    public static func bareAddress(_ raw: String) -> String {
        var raw = raw
        if let bare = raw.withUTF8({ bareASCII($0) }) { return bare }
        return bareAddressOfCharacters(raw)
    }

    /// ``bareAddress(_:)`` of ASCII bytes, or nil when a byte is not ASCII.
    static func bareASCII(_ u: UnsafeBufferPointer<UInt8>) -> String? {
        for b in u where b >= 0x80 { return nil }
        var lo = 0
        var hi = u.count
        while lo < hi, u[lo] == 0x20 || u[lo] == 0x09 { lo += 1 }
        while hi > lo, u[hi - 1] == 0x20 || u[hi - 1] == 0x09 { hi -= 1 }
        if lo < hi, u[lo] == 0x3C { lo += 1 }  // "<"
        if lo < hi, u[hi - 1] == 0x3E { hi -= 1 }  // ">"
        return String(decoding: UnsafeBufferPointer(rebasing: u[lo..<hi]), as: UTF8.self)
    }

    /// ``bareAddress(_:)`` by Characters: any address, and the reference for the bytes.
    static func bareAddressOfCharacters(_ raw: String) -> String {
        var s = Substring(raw).drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        if s.first == "<" { s = s.dropFirst() }
        if s.last == ">" { s = s.dropLast() }
        return String(s)
    }
}
