import Foundation
import HooklineCore
import HooklineDetect

/// What the MTA is told to do with a message (docs/SPEC.md §3).
public enum Action: String, Sendable, Codable, Comparable, CaseIterable {
    case accept, tag, quarantine, reject

    private var rank: Int {
        switch self {
        case .accept: 0;
        case .tag: 1;
        case .quarantine: 2;
        case .reject: 3
        }
    }
    public static func < (a: Action, b: Action) -> Bool { a.rank < b.rank }
}

/// One rule that fired, with the evidence as it appeared in the message.
public struct RuleHit: Sendable, Equatable, Codable {
    public var id: String
    /// The rule's own score, before any cap on its group: explanations show what each rule found.
    public var score: Double
    public var description: String
    public var evidence: [String]
    public var group: String
    public init(id: String, score: Double, description: String, evidence: [String], group: String = "default") {
        self.id = id; self.score = score; self.description = description; self.evidence = evidence
        self.group = group
    }
}

/// The decision for one message.
public struct Verdict: Sendable {
    public var action: Action
    public var score: Double
    public var rules: [RuleHit]
    /// E.164 numbers found.
    public var phones: [String]
    /// Authenticated notification platform, or nil.
    public var platform: String?
    public var anomalies: Set<Anomaly>
    public var bytes: Int
    /// In `mode: monitor`, what enforce mode would have done; the action itself is then at most `tag`.
    public var wouldBe: Action? = nil
    /// Phones with type, places and evidence, for explanations.
    public var phoneFindings: [PhoneFinding] = []
    /// Why the message looks forwarded, for explanations.
    public var forwarding: [String] = []
    /// Groups whose bounds changed what their rules added up to; empty when no cap bit.
    public var cappedGroups: [GroupScore] = []
    /// Text OCR read from the message's images, and the milliseconds each image took, so
    /// `scan --explain` can show what the rules saw in the pictures.
    public var imageTexts: [String] = []
    public var ocrMillis: [Int] = []
    /// The message's Message-ID and the time from its first header to the verdict, for
    /// the per-message log line an admin traces a message by.
    public var messageId: String?
    public var elapsedMicros: Int = 0

    public init(
        action: Action, score: Double, rules: [RuleHit], phones: [String],
        platform: String?, anomalies: Set<Anomaly>, bytes: Int
    ) {
        self.action = action; self.score = score; self.rules = rules; self.phones = phones
        self.platform = platform; self.anomalies = anomalies; self.bytes = bytes
    }

    /// `quarantine; score=14.5; rules=A,B; phones=+1...` (docs/SPEC.md §3). Only ASCII
    /// letters, digits and a few separators reach it, so it cannot break a header.
    ///
    /// Written as bytes into one buffer, as the log line is (the pieces are whole Strings, so
    /// their bytes joined are the joined String's): the interpolation, the array of ids and
    /// the joins cost ~10 k instructions a message in the daemon. `VerdictHeaderValueTests`
    /// hold it to ``headerValueByAppending``.
    public var headerValue: String {
        var v = ByteLine(capacity: 128)
        v.put(action.rawValue)
        v.put("; score=" as StaticString)
        v.putNumber(score)
        if !rules.isEmpty {
            v.put("; rules=" as StaticString)
            for k in rules.indices {
                if k > 0 { v.put(UInt8(ascii: ",")) }
                v.put(rules[k].id)
            }
        }
        if !phones.isEmpty {
            v.put("; phones=" as StaticString)
            for k in phones.indices.prefix(8) {
                if k > 0 { v.put(UInt8(ascii: ",")) }
                v.put(phones[k])
            }
        }
        if let wouldBe {
            v.put("; monitor=" as StaticString)
            v.put(wouldBe.rawValue)
        }
        return v.string
    }

    /// ``headerValue`` by String appends and joins: the reference its tests compare with.
    package var headerValueByAppending: String {
        var v = "\(action.rawValue); score=\(VerdictJSON.number(score))"
        if !rules.isEmpty { v += "; rules=" + rules.map(\.id).joined(separator: ",") }
        if !phones.isEmpty { v += "; phones=" + phones.prefix(8).joined(separator: ",") }
        if let wouldBe { v += "; monitor=\(wouldBe.rawValue)" }
        return v
    }

    /// Reason given to smfi_quarantine and logged with the queue id.
    ///
    /// Written as bytes into one buffer, as ``headerValue`` is: the ids mapped through a key
    /// path (applied by the runtime, ~900 instructions an id), joined and appended cost ~13 k
    /// instructions a quarantined message. `VerdictHeaderValueTests` hold it to
    /// ``quarantineReasonByAppending``.
    public var quarantineReason: String {
        var v = ByteLine(capacity: 96)
        v.put("hookline: score=" as StaticString)
        v.putNumber(score)
        v.put(" rules=" as StaticString)
        for k in rules.indices {
            if k > 0 { v.put(UInt8(ascii: ",")) }
            v.put(rules[k].id)
        }
        return v.string
    }

    /// ``quarantineReason`` by interpolation and a join: the reference its tests compare with.
    package var quarantineReasonByAppending: String {
        "hookline: score=\(VerdictJSON.number(score)) rules=" + rules.map(\.id).joined(separator: ",")
    }
}

extension Verdict {
    /// Thresholds and monitor mode come from ``ActionPolicy``, the one place that applies them;
    /// each group's hits count within its bounds first.
    static func decide(
        hits: consuming [RuleHit], groups: [String: GroupDef] = [:], features: MessageFeatures,
        policy: ActionPolicy, bytes: Int
    ) -> Verdict {
        let (sum, capped) = GroupScore.total(hits, groups: groups)
        let score = (sum * 10).rounded() / 10
        let (action, wouldBe) = policy.action(score: score)
        let phones = features.findings.phones.map(\.e164)
        var v = Verdict(
            action: action, score: score, rules: ordered(hits), phones: phones,
            platform: features.platform?.name, anomalies: features.anomalies, bytes: bytes)
        v.wouldBe = wouldBe
        v.phoneFindings = features.findings.phones
        v.forwarding = features.forwarding
        v.cappedGroups = capped
        return v
    }

    /// The hits highest score first, as `hits.sorted { $0.score > $1.score }` ordered them
    /// (ties in the order the rules hold). Sorted in place: `sorted` made a second array and
    /// retained every hit's strings into it while the caller's went away unused. `sort` is
    /// the algorithm `sorted` runs on its copy, so the order is the same.
    static func ordered(_ hits: consuming [RuleHit]) -> [RuleHit] {
        var rules = hits
        rules.sort { $0.score > $1.score }
        return rules
    }
}
