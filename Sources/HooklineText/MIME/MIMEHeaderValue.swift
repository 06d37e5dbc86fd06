import HooklineCore

/// A structured MIME header value such as `text/html; charset="utf-8"` or
/// `attachment; filename*=utf-8''Invoice%20123.pdf`: the lowercased value and its
/// parameters, with RFC 2231 continuations and charsets, and the RFC 2047 words
/// that many mailers put in file names anyway.
struct MIMEHeaderValue {
    var value: String
    var params: MIMEParams

    static func parse(_ raw: String, anomalies: inout Set<Anomaly>) -> MIMEHeaderValue {
        var bytes = raw
        if let plain = bytes.withUTF8({ parseASCII($0) }) {
            var result = plain
            if let v = result.params.name, ASCII.contains(v, "=?") {
                result.params.name = HeaderDecoding.decode(Array(v.utf8), anomalies: &anomalies)
            }
            if let v = result.params.filename, ASCII.contains(v, "=?") {
                result.params.filename = HeaderDecoding.decode(Array(v.utf8), anomalies: &anomalies)
            }
            return result
        }
        return parseOfStrings(raw, anomalies: &anomalies)
    }

    /// `parseOfStrings` for an ASCII value whose parameters are all plain (no RFC 2231
    /// "*"), on its bytes: the lowered, trimmed value made straight from them (there every
    /// `Character` but CR LF is one byte, and neither is "(" or a blank that trimming would
    /// keep), and the parameters the parser reads (``MIMEParams``) recognised on the bytes:
    /// no string or dictionary entry for the others (format, delsp, type, ...). Nil for
    /// anything else. The RFC 2047 step is the caller's.
    static func parseASCII(_ s: UnsafeBufferPointer<UInt8>) -> MIMEHeaderValue? {
        for c in s where c >= 0x80 { return nil }
        var i = 0
        while i < s.count, ASCII.isSpace(s[i]) { i += 1 }
        let vStart = i
        while i < s.count, s[i] != ASCII.semicolon { i += 1 }
        var vEnd = i
        if let paren = (vStart..<vEnd).first(where: { s[$0] == UInt8(ascii: "(") }) { vEnd = paren }
        let value = lowerTrimmed(s, vStart, vEnd)
        var params = MIMEParams()
        while i < s.count {
            i += 1  // ';'
            while i < s.count, ASCII.isSpace(s[i]) { i += 1 }
            let nStart = i
            while i < s.count, s[i] != ASCII.equals, s[i] != ASCII.semicolon { i += 1 }
            let nEnd = i
            guard i < s.count, s[i] == ASCII.equals else { continue }
            if (nStart..<nEnd).contains(where: { s[$0] == UInt8(ascii: "*") }) { return nil }
            // Only the first of each name counts, as in the reference's dictionary.
            let key = MIMEParams.Key(s, nStart, nEnd).flatMap { params[$0] == nil ? $0 : nil }
            i += 1
            while i < s.count, ASCII.isSpace(s[i]) { i += 1 }
            if i < s.count, s[i] == ASCII.quote {
                i += 1
                let qStart = i
                var escaped = false
                while i < s.count, s[i] != ASCII.quote {
                    if s[i] == ASCII.backslash, i + 1 < s.count {
                        escaped = true
                        i += 1
                    }
                    i += 1
                }
                let qEnd = i
                while i < s.count, s[i] != ASCII.semicolon { i += 1 }
                if let key {
                    params[key] =
                        escaped
                        ? unescaped(s, qStart, qEnd)
                        : String(decoding: UnsafeBufferPointer(rebasing: s[qStart..<qEnd]), as: UTF8.self)
                }
            } else {
                let tStart = i
                while i < s.count, s[i] != ASCII.semicolon { i += 1 }
                var tEnd = i
                while tEnd > tStart, ASCII.isSpace(s[tEnd - 1]) { tEnd -= 1 }
                if let key { params[key] = String(decoding: UnsafeBufferPointer(rebasing: s[tStart..<tEnd]), as: UTF8.self) }
            }
        }
        return MIMEHeaderValue(value: value, params: params)
    }

    /// A quoted string's text from `a` to its closing quote `b` (or the end), each
    /// backslash dropped and the byte after it kept. Only a value with a backslash comes
    /// here: the others are their bytes, made a String straight from them (the array grown
    /// byte by byte was three or four allocations for a boundary, every part of every message).
    private static func unescaped(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String {
        var v: [UInt8] = []
        v.reserveCapacity(b - a)
        var i = a
        while i < b {
            if s[i] == ASCII.backslash, i + 1 < s.count { i += 1 }
            v.append(s[i])
            i += 1
        }
        return String(decoding: v, as: UTF8.self)
    }

    /// The ASCII bytes from `a` to `b`, blanks trimmed from both ends, lowered.
    private static func lowerTrimmed(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> String {
        var a = a
        var b = b
        while a < b, ASCII.isSpace(s[a]) { a += 1 }
        while b > a, ASCII.isSpace(s[b - 1]) { b -= 1 }
        if a == b { return "" }
        return String(unsafeUninitializedCapacity: b - a) { out in
            for k in a..<b { out[k - a] = ASCII.lower(s[k]) }
            return b - a
        }
    }

    /// The parser through lowered Strings and `Character` searches: the reference, and the
    /// way for values outside ASCII or with RFC 2231 parameters.
    static func parseOfStrings(_ raw: String, anomalies: inout Set<Anomaly>) -> MIMEHeaderValue {
        let (value, all) = parseAllOfStrings(raw, anomalies: &anomalies)
        return MIMEHeaderValue(value: value, params: MIMEParams(all))
    }

    /// `parseOfStrings` with every parameter, by name.
    static func parseAllOfStrings(_ raw: String, anomalies: inout Set<Anomaly>) -> (value: String, params: [String: String]) {
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
        return (value, plain)
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
