import Foundation
import HooklineCore

/// docs/SPEC.md §2 `scan --json`: one object per message on one line, keys in the
/// documented order so output diffs cleanly.
public enum VerdictJSON {
    /// `decision` is what the milter would do (``ActionPolicy/decide(_:)``); without one,
    /// the verdict's own action. An `on_error` outcome adds `"on_error"` with the cause.
    public static func line(file: String, verdict v: Verdict, decision: Decision? = nil, elapsedMicros: Int) -> String {
        String(decoding: bytes(file: file, verdict: v, decision: decision, elapsedMicros: elapsedMicros), as: UTF8.self)
    }

    /// ``line(file:verdict:decision:elapsedMicros:)`` as UTF-8, written into one byte array
    /// (``JSONBytes``): appended to a `String`, the ~25 pieces of a line cost ~50 k
    /// instructions a message in `scan --json`, as much as normalising its text.
    public static func bytes(file: String, verdict v: Verdict, decision: Decision? = nil, elapsedMicros: Int) -> [UInt8] {
        let d = decision ?? .verdict(v.action)
        var s: [UInt8] = []
        s.reserveCapacity(512)
        JSONBytes.append("{\"file\":", to: &s)
        JSONBytes.appendQuoted(file, to: &s)
        JSONBytes.append(",\"action\":", to: &s)
        JSONBytes.appendQuoted(d.word, to: &s)
        JSONBytes.append(",\"score\":", to: &s)
        appendNumber(v.score, to: &s)
        JSONBytes.append(",\"rules\":[", to: &s)
        for (i, r) in v.rules.enumerated() {
            if i > 0 { s.append(0x2C) }
            JSONBytes.append("{\"id\":", to: &s)
            JSONBytes.appendQuoted(r.id, to: &s)
            JSONBytes.append(",\"score\":", to: &s)
            appendNumber(r.score, to: &s)
            JSONBytes.append(",\"evidence\":", to: &s)
            appendArray(r.evidence, to: &s)
            s.append(0x7D)
        }
        JSONBytes.append("],\"phones\":", to: &s)
        appendArray(v.phones, to: &s)
        JSONBytes.append(",\"platform\":", to: &s)
        if let p = v.platform { JSONBytes.appendQuoted(p, to: &s) } else { JSONBytes.append("null", to: &s) }
        JSONBytes.append(",\"bytes\":", to: &s)
        JSONBytes.append(v.bytes, to: &s)
        JSONBytes.append(",\"elapsed_us\":", to: &s)
        JSONBytes.append(elapsedMicros, to: &s)
        if let w = v.wouldBe {
            JSONBytes.append(",\"monitor\":", to: &s)
            JSONBytes.appendQuoted(w.rawValue, to: &s)
        }
        // Added after the documented keys: present only when a group's bounds changed the score.
        if !v.cappedGroups.isEmpty {
            JSONBytes.append(",\"capped\":[", to: &s)
            for (i, g) in v.cappedGroups.enumerated() {
                if i > 0 { s.append(0x2C) }
                JSONBytes.append("{\"group\":", to: &s)
                JSONBytes.appendQuoted(g.group, to: &s)
                JSONBytes.append(",\"sum\":", to: &s)
                appendNumber(g.sum, to: &s)
                JSONBytes.append(",\"counted\":", to: &s)
                appendNumber(g.counted, to: &s)
                s.append(0x7D)
            }
            s.append(0x5D)
        }
        if let cause = d.failureCause {
            JSONBytes.append(",\"on_error\":", to: &s)
            JSONBytes.appendQuoted(cause, to: &s)
        }
        if !v.anomalies.isEmpty {
            JSONBytes.append(",\"anomalies\":[", to: &s)
            for (i, a) in v.anomalies.map(\.rawValue).sorted().enumerated() {
                if i > 0 { s.append(0x2C) }
                JSONBytes.appendQuoted(a, to: &s)
            }
            s.append(0x5D)
        }
        s.append(0x7D)
        return s
    }

    public static func error(file: String, message: String) -> String {
        "{\"file\":\(JSONBytes.quote(file)),\"error\":\(JSONBytes.quote(message))}"
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

    /// ``number(_:)``'s text appended as bytes: the same digits, without a `String` for a
    /// whole score.
    static func appendNumber(_ d: Double, to s: inout [UInt8]) {
        let tenths = d * 10
        guard tenths != 0, tenths == tenths.rounded(), abs(tenths) < 1e15 else {
            s.append(contentsOf: number(d).utf8)
            return
        }
        let t = Int(tenths)
        if t < 0 { s.append(0x2D) }
        JSONBytes.append(Int(t.magnitude / 10), to: &s)
        s.append(0x2E)
        s.append(0x30 + UInt8(t.magnitude % 10))
    }

    /// `["a","b"]`: a JSON array of strings, appended in place.
    private static func appendArray(_ strings: [String], to s: inout [UInt8]) {
        s.append(0x5B)
        for (i, string) in strings.enumerated() {
            if i > 0 { s.append(0x2C) }
            JSONBytes.appendQuoted(string, to: &s)
        }
        s.append(0x5D)
    }
}
