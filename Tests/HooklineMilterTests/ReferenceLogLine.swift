import HooklineEngine

@testable import HooklineMilter

/// The end-of-message log line and verdict header name as `EndOfMessagePlan.make` wrote
/// them before they were built as bytes: String appends and a Character filter. The
/// reference the byte versions are held to.
enum ReferenceLogLine {
    static func line(verdict: Verdict, queueId: String, client: String?, envelope: Envelope?) -> String {
        let action = verdict.action
        var line = "queue=\(queueId) action=\(action.rawValue)"
        if let wouldBe = verdict.wouldBe { line += " verdict=\(wouldBe.rawValue) mode=monitor" }
        line += " score=" + VerdictJSON.number(verdict.score)
        line += " rules=" + (verdict.rules.isEmpty ? "-" : verdict.rules.map(\.id).joined(separator: ","))
        line += " phones=" + (verdict.phones.isEmpty ? "-" : verdict.phones.joined(separator: ","))
        if let p = verdict.platform { line += " platform=\(p)" }
        if let client { line += " client=\(client)" }
        if let envelope {
            line += " from=" + (envelope.mailFrom.map { $0.isEmpty ? "<>" : $0 } ?? "-")
            let shown = envelope.rcptTo.prefix(5).joined(separator: ",")
            line += " rcpt=" + (shown.isEmpty ? "-" : shown)
            if envelope.rcptTo.count > 5 { line += ",+\(envelope.rcptTo.count - 5)" }
        }
        if let id = verdict.messageId, !id.isEmpty { line += " msgid=" + id.filter { $0 != " " } }
        line += " elapsed_ms=" + EndOfMessagePlan.millis(verdict.elapsedMicros)
        return line
    }

    static func headerName(_ configured: String) -> String {
        HeaderText.sanitize(configured, limit: 80).filter { $0 != " " && $0 != ":" }
    }
}
