/// Makes text safe to hand to the MTA as a header value or SMTP reply.
///
/// Verdict values, quarantine reasons and reply texts are built from rule ids,
/// config strings and (for the Subject prefix) message bytes. A CR or LF would let
/// any of them inject a header or an SMTP line, and MTAs refuse over-long lines.
enum HeaderText {
    /// Longest value Hookline writes; leaves room for the name within RFC 5322's 998.
    static let maxValueBytes = 900

    /// Control characters become spaces, runs of spaces collapse, and the result is
    /// cut (on a UTF-8 boundary) to `limit` bytes.
    static func sanitize(_ text: String, limit: Int = maxValueBytes) -> String {
        var out = ""
        out.reserveCapacity(min(text.utf8.count, limit))
        var bytes = 0
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            var s = scalar
            if s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value)
                || s.value == 0x2028 || s.value == 0x2029
            {
                s = " "
            }
            if s == " " {
                if lastWasSpace { continue }
                lastWasSpace = true
            } else {
                lastWasSpace = false
            }
            let width = String(s).utf8.count
            if bytes + width > limit { break }
            out.unicodeScalars.append(s)
            bytes += width
        }
        while out.hasPrefix(" ") { out.removeFirst() }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// SMTP reply text: sanitized, and without `%`, which Sendmail would read as a
    /// format directive.
    static func replyText(_ text: String) -> String {
        let cleaned = sanitize(text.replacingOccurrences(of: "%", with: ""), limit: 400)
        return cleaned.isEmpty ? "Message rejected" : cleaned
    }

    /// A folded header value (libmilter hands folds over as "\n" + WSP, sometimes
    /// "\r\n") turned back into one line.
    static func unfold(_ value: String) -> String {
        value.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .joined()
    }
}
