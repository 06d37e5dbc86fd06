import HooklineCore

/// RFC 8601 Authentication-Results: `authserv-id; method=result prop=value ...; ...`.
/// Comments are dropped and everything is lowercased, because rules compare these
/// values against trusted server names and platform domains.
enum AuthenticationResultsParser {
    static func parse(_ value: String) -> AuthenticationResults? {
        let segments = split(stripComments(value.lowercased()))
        guard let head = segments.first else { return nil }
        guard let id = head.split(whereSeparator: { $0 == " " || $0 == "\t" }).first else { return nil }
        var results: [AuthMethodResult] = []
        for seg in segments.dropFirst() {
            let tokens = tokenize(seg)
            guard let first = tokens.first, let eq = first.firstIndex(of: "=") else { continue }
            var method = String(first[..<eq])
            if let slash = method.firstIndex(of: "/") { method = String(method[..<slash]) }
            let result = String(first[first.index(after: eq)...])
            if method.isEmpty { continue }
            var props: [String: String] = [:]
            for t in tokens.dropFirst() {
                guard let e = t.firstIndex(of: "=") else { continue }
                let key = String(t[..<e])
                var val = String(t[t.index(after: e)...])
                if val.hasPrefix("\"") && val.hasSuffix("\"") && val.count >= 2 { val = String(val.dropFirst().dropLast()) }
                if props[key] == nil { props[key] = val }
            }
            results.append(AuthMethodResult(method: method, result: result, properties: props))
            if results.count >= 64 { break }
        }
        return AuthenticationResults(authservId: String(id), results: results)
    }

    /// Removes (nested) comments outside quoted strings.
    private static func stripComments(_ s: String) -> String {
        var out = ""
        var depth = 0, quoted = false, escape = false
        for c in s {
            if escape { escape = false; if depth == 0 { out.append(c) }; continue }
            if c == "\\" { escape = true; if depth == 0 { out.append(c) }; continue }
            if quoted { if c == "\"" { quoted = false }; out.append(c); continue }
            if c == "(" { depth += 1; continue }
            if c == ")" && depth > 0 { depth -= 1; if depth == 0 { out.append(" ") }; continue }
            if depth > 0 { continue }
            if c == "\"" { quoted = true }
            out.append(c)
        }
        return out
    }

    private static func split(_ s: String) -> [String] {
        var parts: [String] = []
        var cur = ""
        var quoted = false
        for c in s {
            if c == "\"" { quoted.toggle() }
            if c == ";" && !quoted { parts.append(cur); cur = ""; continue }
            cur.append(c)
        }
        parts.append(cur)
        return parts.map { $0.trimmingCharacters() }
    }

    /// Whitespace-separated tokens, with blanks around "=" removed first.
    private static func tokenize(_ seg: String) -> [String] {
        var compact = ""
        var pendingBlank = false
        var quoted = false
        for c in seg {
            if c == "\"" { quoted.toggle() }
            if !quoted && c.isWhitespace { pendingBlank = true; continue }
            if pendingBlank && !(c == "=" || compact.last == "=") && !compact.isEmpty { compact.append(" ") }
            pendingBlank = false
            compact.append(c)
        }
        return compact.split(separator: " ").map(String.init)
    }
}
