import Foundation
import HooklineCore

@testable import HooklineEngine

/// `VerdictJSON.line` as it was before it wrote bytes (a `String` appended to piece by
/// piece, strings quoted one scalar at a time, ``ReferenceJSONString``): the reference ``VerdictJSONBytesTests`` holds
/// the byte writer to.
enum ReferenceVerdictJSON {
    static func line(file: String, verdict v: Verdict, decision: Decision? = nil, elapsedMicros: Int) -> String {
        let d = decision ?? .verdict(v.action)
        var s = ""
        s.reserveCapacity(256)
        s += "{\"file\":"
        ReferenceJSONString.append(file, to: &s)
        s += ",\"action\":"
        ReferenceJSONString.append(d.word, to: &s)
        s += ",\"score\":"
        s += VerdictJSON.number(v.score)
        s += ",\"rules\":["
        for (i, r) in v.rules.enumerated() {
            if i > 0 { s += "," }
            s += "{\"id\":"
            ReferenceJSONString.append(r.id, to: &s)
            s += ",\"score\":"
            s += VerdictJSON.number(r.score)
            s += ",\"evidence\":"
            appendArray(r.evidence, to: &s)
            s += "}"
        }
        s += "],\"phones\":"
        appendArray(v.phones, to: &s)
        s += ",\"platform\":"
        if let p = v.platform { ReferenceJSONString.append(p, to: &s) } else { s += "null" }
        s += ",\"bytes\":"
        s += String(v.bytes)
        s += ",\"elapsed_us\":"
        s += String(elapsedMicros)
        if let w = v.wouldBe {
            s += ",\"monitor\":"
            ReferenceJSONString.append(w.rawValue, to: &s)
        }
        if !v.cappedGroups.isEmpty {
            s += ",\"capped\":["
            for (i, g) in v.cappedGroups.enumerated() {
                if i > 0 { s += "," }
                s += "{\"group\":"
                ReferenceJSONString.append(g.group, to: &s)
                s += ",\"sum\":"
                s += VerdictJSON.number(g.sum)
                s += ",\"counted\":"
                s += VerdictJSON.number(g.counted)
                s += "}"
            }
            s += "]"
        }
        if let cause = d.failureCause {
            s += ",\"on_error\":"
            ReferenceJSONString.append(cause, to: &s)
        }
        if !v.anomalies.isEmpty {
            s += ",\"anomalies\":["
            for (i, a) in v.anomalies.map(\.rawValue).sorted().enumerated() {
                if i > 0 { s += "," }
                ReferenceJSONString.append(a, to: &s)
            }
            s += "]"
        }
        return s + "}"
    }

    private static func appendArray(_ strings: [String], to s: inout String) {
        s += "["
        for (i, string) in strings.enumerated() {
            if i > 0 { s += "," }
            ReferenceJSONString.append(string, to: &s)
        }
        s += "]"
    }
}
