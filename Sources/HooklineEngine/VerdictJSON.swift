import Foundation
import HooklineCore

/// docs/SPEC.md §2 `scan --json`: one object per message on one line, keys in the
/// documented order so output diffs cleanly.
public enum VerdictJSON {
    /// `decision` is what the milter would do (``ActionPolicy/decide(_:)``); without one,
    /// the verdict's own action. An `on_error` outcome adds `"on_error"` with the cause.
    public static func line(file: String, verdict v: Verdict, decision: Decision? = nil, elapsedMicros: Int) -> String {
        // One string appended to in place: the interpolations, maps and joins it was built
        // from made a string per piece (~0.08 M instructions per message in `scan --json`).
        let d = decision ?? .verdict(v.action)
        var s = ""
        s.reserveCapacity(256)
        s += "{\"file\":"
        JSONString.append(file, to: &s)
        s += ",\"action\":"
        JSONString.append(d.word, to: &s)
        s += ",\"score\":"
        s += number(v.score)
        s += ",\"rules\":["
        for (i, r) in v.rules.enumerated() {
            if i > 0 { s += "," }
            s += "{\"id\":"
            JSONString.append(r.id, to: &s)
            s += ",\"score\":"
            s += number(r.score)
            s += ",\"evidence\":"
            appendArray(r.evidence, to: &s)
            s += "}"
        }
        s += "],\"phones\":"
        appendArray(v.phones, to: &s)
        s += ",\"platform\":"
        if let p = v.platform { JSONString.append(p, to: &s) } else { s += "null" }
        s += ",\"bytes\":"
        s += String(v.bytes)
        s += ",\"elapsed_us\":"
        s += String(elapsedMicros)
        if let w = v.wouldBe {
            s += ",\"monitor\":"
            JSONString.append(w.rawValue, to: &s)
        }
        // Added after the documented keys: present only when a group's bounds changed the score.
        if !v.cappedGroups.isEmpty {
            s += ",\"capped\":["
            for (i, g) in v.cappedGroups.enumerated() {
                if i > 0 { s += "," }
                s += "{\"group\":"
                JSONString.append(g.group, to: &s)
                s += ",\"sum\":"
                s += number(g.sum)
                s += ",\"counted\":"
                s += number(g.counted)
                s += "}"
            }
            s += "]"
        }
        if let cause = d.failureCause {
            s += ",\"on_error\":"
            JSONString.append(cause, to: &s)
        }
        if !v.anomalies.isEmpty {
            s += ",\"anomalies\":["
            for (i, a) in v.anomalies.map(\.rawValue).sorted().enumerated() {
                if i > 0 { s += "," }
                JSONString.append(a, to: &s)
            }
            s += "]"
        }
        return s + "}"
    }

    public static func error(file: String, message: String) -> String {
        "{\"file\":\(quote(file)),\"error\":\(quote(message))}"
    }

    /// `String(format: "%.1f", d)`, which costs ~5 k instructions a number through
    /// Foundation. Scores are sums of one-decimal weights: when `d * 10` is a whole number
    /// the digit after the point is exact and written directly (printf's rounding cannot
    /// move a value that close to it); anything else goes to `String(format:)`.
    /// Zero too: `d * 10` is zero only for a zero `d` (times ten never underflows), which
    /// printf writes "0.0", or "-0.0" with the sign bit set (scores of a message no rule hit).
    package static func number(_ d: Double) -> String {
        let tenths = d * 10
        if tenths == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        guard tenths == tenths.rounded(), abs(tenths) < 1e15 else { return String(format: "%.1f", d) }
        let t = Int(tenths)
        return (t < 0 ? "-" : "") + String(t.magnitude / 10) + "." + String(t.magnitude % 10)
    }

    static func quote(_ s: String) -> String { JSONString.quote(s) }

    /// `["a","b"]`: a JSON array of strings, appended in place.
    private static func appendArray(_ strings: [String], to s: inout String) {
        s += "["
        for (i, string) in strings.enumerated() {
            if i > 0 { s += "," }
            JSONString.append(string, to: &s)
        }
        s += "]"
    }
}
