import HooklineCore

/// Header bytes → display text: unfolding, RFC 2047 encoded words (B and Q, any
/// charset the body decoder knows) and raw 8-bit bytes, which mailers send as
/// UTF-8 or windows-1252 without saying which. Malformed words stay as they are
/// so a rule can still see them.
enum HeaderDecoding {
    /// Removes CR and LF; the blank that starts each continuation line stays.
    static func unfold(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        if raw.firstIndex(of: ASCII.lf, from: 0) == nil && raw.firstIndex(of: ASCII.cr, from: 0) == nil {
            return Array(raw)
        }
        // Into uninitialised storage: `append` a byte at a time cost ~10 instructions a byte.
        return [UInt8](unsafeUninitializedCapacity: raw.count) { out, count in
            var k = 0
            for b in raw where b != ASCII.cr && b != ASCII.lf {
                out[k] = b
                k &+= 1
            }
            count = k
        }
    }

    /// `unfold` a byte at a time into a growing array: the reference.
    static func unfoldBytewise(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        for b in raw where b != ASCII.cr && b != ASCII.lf { out.append(b) }
        return out
    }

    static func unfold(_ raw: [UInt8]) -> [UInt8] { raw.withUnsafeBytes { unfold($0) } }
    static func unfold(_ raw: ArraySlice<UInt8>) -> [UInt8] { raw.withUnsafeBytes { unfold($0) } }

    /// Whether `decode` of these bytes records no anomaly whatever they say: no 8-bit byte
    /// and no "=?" (looked for as unfolding would join it, across CR and LF).
    /// Eight bytes without a "?" or an 8-bit byte are passed at once, `previous` then being
    /// their last byte that is not CR or LF (the tests compare with `decodesQuietlyBytewise`).
    static func decodesQuietly(_ raw: UnsafeRawBufferPointer) -> Bool {
        var previous: UInt8 = 0
        var i = 0
        let n = raw.count
        while i < n {
            if n &- i >= 8 && !ByteWords.anyHigh(raw, at: i) && !ByteWords.contains(UInt8(ascii: "?"), raw, at: i) {
                var k = i &+ 7
                while k >= i && (raw[k] == ASCII.cr || raw[k] == ASCII.lf) { k &-= 1 }
                if k >= i { previous = raw[k] }
                i &+= 8
                continue
            }
            let b = raw[i]
            if b >= 0x80 || (b == UInt8(ascii: "?") && previous == ASCII.equals) { return false }
            if b != ASCII.cr && b != ASCII.lf { previous = b }
            i &+= 1
        }
        return true
    }

    /// `decodesQuietly` a byte at a time: the reference.
    static func decodesQuietlyBytewise(_ raw: UnsafeRawBufferPointer) -> Bool {
        var previous: UInt8 = 0
        for b in raw {
            if b >= 0x80 || (b == UInt8(ascii: "?") && previous == ASCII.equals) { return false }
            if b != ASCII.cr && b != ASCII.lf { previous = b }
        }
        return true
    }

    /// Raw bytes (no encoded words) → String. Anything 8-bit is flagged.
    static func rawString(_ bytes: ArraySlice<UInt8>, anomalies: inout Set<Anomaly>) -> String {
        if isPlainASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if bytes.contains(where: { $0 >= 0x80 }) { anomalies.insert(.eightBitHeader) }
        let noNUL = bytes.filter { $0 != 0 }
        if let s = String(validating: noNUL, as: UTF8.self) { return s }
        return Windows1252.string(noNUL)
    }

    /// No NUL and no 8-bit byte, eight bytes at a time: a Received or DKIM-Signature value is
    /// most of a kilobyte, and the generic `contains` cost ~4 instructions a byte.
    static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { b in
            var i = 0
            while b.count &- i >= 8 {
                if !ByteWords.allPlainASCII(b, at: i) { return false }
                i &+= 8
            }
            while i < b.count {
                if b[i] == 0 || b[i] >= 0x80 { return false }
                i &+= 1
            }
            return true
        }
    }

    /// Decodes a whole bytes string in one charset (encoded words, RFC 2231 values).
    static func decodeCharset(_ bytes: [UInt8], charset: String, anomalies: inout Set<Anomaly>) -> String {
        let decoder = CharsetDecoder(charset: charset)
        var out: [UInt8] = []
        bytes.withUnsafeBytes { buf in decoder.decode(buf) { out.append(contentsOf: $0) } }
        decoder.finish { out.append(contentsOf: $0) }
        if decoder.unknownCharset { anomalies.insert(.unknownCharset) }
        if decoder.sawInvalid { anomalies.insert(.invalidCharsetBytes) }
        return String(decoding: out, as: UTF8.self)
    }

    private struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses one encoded word starting at `start` ("=?"), or nil if malformed.
    private static func word(in s: [UInt8], at start: Int) -> Word? {
        let q = UInt8(ascii: "?")
        var i = start + 2
        let csStart = i
        while i < s.count, s[i] != q, !ASCII.isSpace(s[i]), i - csStart < 64 { i += 1 }
        guard i < s.count, s[i] == q, i > csStart else { return nil }
        let charset = String(decoding: s[csStart..<i], as: UTF8.self)
        i += 1
        guard i + 1 < s.count, s[i + 1] == q else { return nil }
        let enc = ASCII.lower(s[i])
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        i += 2
        let textStart = i
        while i + 1 < s.count, !(s[i] == q && s[i + 1] == ASCII.equals) {
            if s[i] == ASCII.space || s[i] == ASCII.tab { return nil }
            i += 1
        }
        guard i + 1 < s.count else { return nil }
        let text = Array(s[textStart..<i])
        var bytes: [UInt8] = []
        if enc == UInt8(ascii: "b") {
            let d = Base64Decoder()
            text.withUnsafeBytes { buf in d.decode(buf) { bytes.append(contentsOf: $0) } }
            d.finish { bytes.append(contentsOf: $0) }
            if d.sawGarbage { return nil }
        } else {
            var j = 0
            while j < text.count {
                let b = text[j]
                if b == UInt8(ascii: "_") {
                    bytes.append(ASCII.space)
                } else if b == ASCII.equals, j + 2 < text.count, let h = ASCII.hexValue(text[j + 1]), let l = ASCII.hexValue(text[j + 2]) {
                    bytes.append(h << 4 | l); j += 2
                } else {
                    bytes.append(b)
                }
                j += 1
            }
        }
        return Word(charset: charset, bytes: bytes, end: i + 2)
    }

    /// Unfolds and decodes a header value.
    static func decode(_ raw: UnsafeRawBufferPointer, anomalies: inout Set<Anomaly>) -> String {
        decodeUnfolded(unfold(raw), anomalies: &anomalies)
    }
    static func decode(_ raw: [UInt8], anomalies: inout Set<Anomaly>) -> String {
        decodeUnfolded(unfold(raw), anomalies: &anomalies)
    }
    static func decode(_ raw: ArraySlice<UInt8>, anomalies: inout Set<Anomaly>) -> String {
        decodeUnfolded(unfold(raw), anomalies: &anomalies)
    }

    private static func decodeUnfolded(_ s: [UInt8], anomalies: inout Set<Anomaly>) -> String {
        guard let firstMarker = findMarker(s, from: 0) else { return rawString(s[...], anomalies: &anomalies) }
        var result = ""
        var plainStart = 0
        var i = firstMarker
        // Bytes of adjacent words in one charset are joined before decoding, since
        // encoders split multi-byte characters across words.
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        func flushWords(_ anomalies: inout Set<Anomaly>) {
            if let cs = pendingCharset { result += decodeCharset(pendingBytes, charset: cs, anomalies: &anomalies) }
            pendingCharset = nil
            pendingBytes.removeAll()
        }
        while true {
            if let w = word(in: s, at: i) {
                let gap = s[plainStart..<i]
                let onlyBlank = gap.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab }
                if !(onlyBlank && pendingCharset != nil) {
                    flushWords(&anomalies)
                    result += rawString(gap, anomalies: &anomalies)
                }
                let cs = CharsetDecoder.canonicalName(w.charset)
                if pendingCharset != nil && pendingCharset != cs { flushWords(&anomalies) }
                pendingCharset = cs
                pendingBytes += w.bytes
                plainStart = w.end
                i = w.end
            } else {
                anomalies.insert(.badEncodedWord)
                i += 2
            }
            guard let next = findMarker(s, from: i) else { break }
            i = next
        }
        let tail = s[plainStart...]
        flushWords(&anomalies)
        result += rawString(tail, anomalies: &anomalies)
        return result
    }

    /// The first "=?" at or after `from`, going from "=" to "=" with memchr.
    static func findMarker(_ s: [UInt8], from: Int) -> Int? {
        s.withUnsafeBytes { b in
            var i = from
            while let eq = b.firstIndex(of: ASCII.equals, from: i) {
                if eq + 1 >= b.count { return nil }
                if b[eq + 1] == UInt8(ascii: "?") { return eq }
                i = eq + 1
            }
            return nil
        }
    }

    /// `findMarker` a byte at a time: the reference.
    static func findMarkerBytewise(_ s: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 1 < s.count {
            if s[i] == ASCII.equals && s[i + 1] == UInt8(ascii: "?") { return i }
            i += 1
        }
        return nil
    }

    /// Collapses runs of whitespace to one space and trims, for Subject and names.
    static func collapseWhitespace(_ s: String) -> String {
        // ASCII without runs of blanks (most subjects) needs no Character walk.
        var plain = true
        var prevBlank = true
        for b in s.utf8 {
            if b >= 0x80 || b == ASCII.tab || b == ASCII.cr || b == ASCII.lf || (b == ASCII.space && prevBlank) { plain = false; break }
            prevBlank = b == ASCII.space
        }
        if plain && !prevBlank { return s }
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return collapseASCII(s) }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s {
            if ch.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(ch)
        }
        return out
    }

    /// `collapseWhitespace` of an ASCII string on its bytes: the ASCII characters that are
    /// `Character.isWhitespace` are HT, LF, VT, FF, CR (and CR LF, one Character) and space.
    private static func collapseASCII(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for b in s.utf8 {
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
