import HooklineCore
@testable import HooklineText

/// Authentication-Results as main 9b1ad2b parsed it (arrays of slices per segment and
/// token): the reference `AuthResultsReferenceTests` holds the byte parser to.
enum ReferenceAuthenticationResultsParser {
    static func parse(_ value: String) -> AuthenticationResults? {
        let segments = split(stripComments(lowered(value)))
        guard let head = segments.first,
            let id = head.split(whereSeparator: { ASCII.isSpace($0) }).first
        else { return nil }
        var results: [AuthMethodResult] = []
        for seg in segments.dropFirst() {
            let tokens = tokenize(seg)
            guard let first = tokens.first, let eq = first.firstIndex(of: ASCII.equals) else { continue }
            var method = first[..<eq]
            if let slash = method.firstIndex(of: UInt8(ascii: "/")) { method = method[..<slash] }
            if method.isEmpty { continue }
            var props: [String: String] = [:]
            for t in tokens.dropFirst() {
                guard let e = t.firstIndex(of: ASCII.equals) else { continue }
                let key = string(t[..<e])
                var val = t[(e + 1)...]
                if val.count >= 2 && val.first == ASCII.quote && val.last == ASCII.quote { val = val.dropFirst().dropLast() }
                if props[key] == nil { props[key] = string(val) }
            }
            results.append(AuthMethodResult(method: string(method), result: string(first[(eq + 1)...]), properties: props))
            if results.count >= 64 { break }
        }
        return AuthenticationResults(authservId: string(id), results: results)
    }

    /// The value's bytes lowercased (ASCII), over its contiguous storage: the generic `map`
    /// over a `UTF8View` cost ~10 k instructions a message.
    static func lowered(_ value: String) -> [UInt8] {
        var v = value
        return v.withUTF8 { b in
            [UInt8](unsafeUninitializedCapacity: b.count) { out, count in
                for k in 0..<b.count { out[k] = ASCII.lower(b[k]) }
                count = b.count
            }
        }
    }

    private static func string(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

    /// Removes (nested) comments outside quoted strings.
    private static func stripComments(_ s: [UInt8]) -> [UInt8] {
        guard s.contains(UInt8(ascii: "(")) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var depth = 0, quoted = false, escape = false
        for c in s {
            if escape { escape = false; if depth == 0 { out.append(c) }; continue }
            if c == ASCII.backslash { escape = true; if depth == 0 { out.append(c) }; continue }
            if quoted { if c == ASCII.quote { quoted = false }; out.append(c); continue }
            if c == UInt8(ascii: "(") { depth += 1; continue }
            if c == UInt8(ascii: ")") && depth > 0 { depth -= 1; if depth == 0 { out.append(ASCII.space) }; continue }
            if depth > 0 { continue }
            if c == ASCII.quote { quoted = true }
            out.append(c)
        }
        return out
    }

    private static func split(_ s: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var quoted = false
        for (i, c) in s.enumerated() {
            if c == ASCII.quote { quoted.toggle() }
            if c == ASCII.semicolon && !quoted { parts.append(s[start..<i]); start = i + 1 }
        }
        parts.append(s[start...])
        return parts
    }

    /// Whitespace-separated tokens, with blanks around "=" removed first.
    private static func tokenize(_ seg: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var compact: [UInt8] = []
        compact.reserveCapacity(seg.count)
        var pendingBlank = false
        var quoted = false
        for c in seg {
            if c == ASCII.quote { quoted.toggle() }
            if !quoted && ASCII.isSpace(c) { pendingBlank = true; continue }
            if pendingBlank && !(c == ASCII.equals || compact.last == ASCII.equals) && !compact.isEmpty { compact.append(ASCII.space) }
            pendingBlank = false
            compact.append(c)
        }
        return compact.split(separator: ASCII.space)
    }
}
