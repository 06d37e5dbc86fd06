import Foundation
import HooklineCore

/// docs/SPEC.md §2 `scan --json`: one object per message on one line, keys in the
/// documented order so output diffs cleanly.
public enum VerdictJSON {
    /// `decision` is what the milter would do (``ActionPolicy/decide(_:)``); without one,
    /// the verdict's own action. An `on_error` outcome adds `"on_error"` with the cause.
    public static func line(file: String, verdict v: Verdict, decision: Decision? = nil, elapsedMicros: Int) -> String {
        let d = decision ?? .verdict(v.action)
        var s = "{\"file\":\(quote(file)),\"action\":\(quote(d.word)),\"score\":\(number(v.score)),\"rules\":["
        s += v.rules.map { r in
            "{\"id\":\(quote(r.id)),\"score\":\(number(r.score)),\"evidence\":[" + r.evidence.map(quote).joined(separator: ",") + "]}"
        }.joined(separator: ",")
        s += "],\"phones\":[" + v.phones.map(quote).joined(separator: ",") + "]"
        s += ",\"platform\":" + (v.platform.map(quote) ?? "null")
        s += ",\"bytes\":\(v.bytes),\"elapsed_us\":\(elapsedMicros)"
        if let w = v.wouldBe { s += ",\"monitor\":\(quote(w.rawValue))" }
        // Added after the documented keys: present only when a group's bounds changed the score.
        if !v.cappedGroups.isEmpty {
            s +=
                ",\"capped\":["
                + v.cappedGroups.map { g in
                    "{\"group\":\(quote(g.group)),\"sum\":\(number(g.sum)),\"counted\":\(number(g.counted))}"
                }.joined(separator: ",") + "]"
        }
        if let cause = d.failureCause { s += ",\"on_error\":\(quote(cause))" }
        if !v.anomalies.isEmpty { s += ",\"anomalies\":[" + v.anomalies.map(\.rawValue).sorted().map(quote).joined(separator: ",") + "]" }
        return s + "}"
    }

    public static func error(file: String, message: String) -> String {
        "{\"file\":\(quote(file)),\"error\":\(quote(message))}"
    }

    /// `String(format: "%.1f", d)`, which costs ~5 k instructions a number through
    /// Foundation. Scores are sums of one-decimal weights: when `d * 10` is a whole number
    /// the digit after the point is exact and written directly (printf's rounding cannot
    /// move a value that close to it); zero (signed) and anything else go to `String(format:)`.
    package static func number(_ d: Double) -> String {
        let tenths = d * 10
        guard tenths != 0, tenths == tenths.rounded(), abs(tenths) < 1e15 else { return String(format: "%.1f", d) }
        let t = Int(tenths)
        return (t < 0 ? "-" : "") + String(t.magnitude / 10) + "." + String(t.magnitude % 10)
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }
}
