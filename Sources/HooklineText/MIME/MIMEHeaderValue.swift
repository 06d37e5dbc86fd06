import HooklineCore

/// A structured MIME header value such as `text/html; charset="utf-8"` or
/// `attachment; filename*=utf-8''Invoice%20123.pdf`: the lowercased value and its
/// parameters, with RFC 2231 continuations and charsets, and the RFC 2047 words
/// that many mailers put in file names anyway.
struct MIMEHeaderValue {
    var value: String
    var params: [String: String]

    static func parse(_ raw: String, anomalies: inout Set<Anomaly>) -> MIMEHeaderValue {
        let s = Array(raw.utf8)
        var i = 0
        func skipBlank() { while i < s.count, ASCII.isSpace(s[i]) { i += 1 } }
        skipBlank()
        let vStart = i
        while i < s.count, s[i] != ASCII.semicolon { i += 1 }
        var value = ASCII.lowerString(s[vStart..<i]).trimmingCharacters()
        if let paren = firstIndex(of: UInt8(ascii: "("), in: value) { value = String(value[..<paren]).trimmingCharacters() }
        var plain: [String: String] = [:]
        var pieces: [String: [(Int, Bool, String)]] = [:]  // name → (section, encoded, text)
        while i < s.count {
            i += 1  // ';'
            skipBlank()
            let nStart = i
            while i < s.count, s[i] != ASCII.equals, s[i] != ASCII.semicolon { i += 1 }
            let name = ASCII.lowerString(s[nStart..<i]).trimmingCharacters()
            guard i < s.count, s[i] == ASCII.equals else { continue }
            i += 1
            skipBlank()
            var v: [UInt8] = []
            if i < s.count, s[i] == ASCII.quote {
                i += 1
                while i < s.count, s[i] != ASCII.quote {
                    if s[i] == ASCII.backslash, i + 1 < s.count { i += 1 }
                    v.append(s[i]); i += 1
                }
                while i < s.count, s[i] != ASCII.semicolon { i += 1 }
            } else {
                while i < s.count, s[i] != ASCII.semicolon { v.append(s[i]); i += 1 }
                while let l = v.last, ASCII.isSpace(l) { v.removeLast() }
            }
            let text = String(decoding: v, as: UTF8.self)
            if let star = firstIndex(of: UInt8(ascii: "*"), in: name) {
                let base = String(name[..<star])
                let rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                let section = Int(rest.filter { $0 != "*" }) ?? 0
                pieces[base, default: []].append((section, encoded, text))
            } else if plain[name] == nil {
                plain[name] = text
            }
        }
        for (name, parts) in pieces {
            var charset = "utf-8"
            var bytes: [UInt8] = []
            for (n, (_, encoded, text)) in parts.sorted(by: { $0.0 < $1.0 }).enumerated() {
                var t = Substring(text)
                if encoded {
                    if n == 0 {
                        let fields = t.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if fields.count == 3 { charset = fields[0].isEmpty ? "utf-8" : String(fields[0]); t = fields[2] }
                    }
                    bytes += PercentDecoding.decodeBytes(Array(t.utf8))
                } else {
                    bytes += Array(t.utf8)
                }
            }
            plain[name] = HeaderDecoding.decodeCharset(bytes, charset: charset, anomalies: &anomalies)
        }
        for key in ["name", "filename"] {
            if let v = plain[key], ASCII.contains(v, "=?") { plain[key] = HeaderDecoding.decode(Array(v.utf8), anomalies: &anomalies) }
        }
        return MIMEHeaderValue(value: value, params: plain)
    }

    /// `s.firstIndex(of: Character(byte))` for an ASCII byte other than CR and LF: on the
    /// bytes when `s` is ASCII, where no other byte joins it into a larger `Character`.
    /// The `Character` walk was ~16 k instructions a message (every Content-Type and
    /// Content-Disposition value and parameter name).
    static func firstIndex(of byte: UInt8, in s: String) -> String.Index? {
        let utf8 = s.utf8
        let found = utf8.withContiguousStorageIfAvailable { b -> Int?? in
            var hit: Int?
            for k in 0..<b.count {
                let c = b[k]
                if c >= 0x80 { return nil }
                if c == byte && hit == nil { hit = k }
            }
            return .some(hit)
        }
        if let found, let known = found {
            return known.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        }
        return s.firstIndex(of: Character(Unicode.Scalar(byte)))
    }
}
