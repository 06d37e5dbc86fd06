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
        // Line by line with memchr, each run between CRs copied whole: a folded Received
        // or DKIM-Signature is most of a kilobyte, broken every 70 bytes or so.
        return [UInt8](unsafeUninitializedCapacity: raw.count) { out, count in
            guard let dst = out.baseAddress else {
                count = 0
                return
            }
            count = unfold(raw, into: dst)
        }
    }

    /// `unfold` into `dst` (room for `raw.count` bytes); returns how many bytes it wrote.
    static func unfold(_ raw: UnsafeRawBufferPointer, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        guard let src = raw.baseAddress else { return 0 }
        var k = 0
        var i = 0
        let n = raw.count
        while i < n {
            let lf = raw.firstIndex(of: ASCII.lf, from: i) ?? n
            var p = i
            while p < lf {
                let cr = UnsafeRawBufferPointer(rebasing: raw[p..<lf]).firstIndex(of: ASCII.cr, from: 0).map { p &+ $0 } ?? lf
                UnsafeMutableRawPointer(dst + k).copyMemory(from: src + p, byteCount: cr &- p)
                k &+= cr &- p
                p = cr &+ 1
            }
            i = lf &+ 1
        }
        return k
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
    /// and no "=?" (looked for as unfolding would join it, across CR and LF). The 8-bit test
    /// takes 32 bytes at a time (``ByteWords/anyHighBit(_:orNUL:)``); then each "?" (memchr; few values have one) looks back
    /// past CR and LF for "=". The tests compare it with `decodesQuietlyBytewise`.
    static func decodesQuietly(_ raw: UnsafeRawBufferPointer) -> Bool {
        if ByteWords.anyHighBit(raw) { return false }
        var p = 0
        while let q = raw.firstIndex(of: UInt8(ascii: "?"), from: p) {
            var k = q &- 1
            while k >= 0 && (raw[k] == ASCII.cr || raw[k] == ASCII.lf) { k &-= 1 }
            if k >= 0 && raw[k] == ASCII.equals { return false }
            p = q &+ 1
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

    /// No NUL and no 8-bit byte (``ByteWords/anyHighBit(_:orNUL:)``): a Received or
    /// DKIM-Signature value is most of a kilobyte, and the generic `contains` cost ~4
    /// instructions a byte.
    static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBytes { !ByteWords.anyHighBit($0, orNUL: true) }
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
        /// Where the charset label lies in the value (its String is made only when the
        /// label differs from the previous word's).
        var charset: Range<Int>
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses one encoded word starting at `start` ("=?"), or nil if malformed. The text is
    /// read in place and base64 decoded by `Base64Decoder.decodeWhole`: a `Base64Decoder` (and its
    /// 8 KB block) and a copy of the text per word were ~2 k instructions a word.
    private static func word(in s: UnsafeBufferPointer<UInt8>, at start: Int) -> Word? {
        let q = UInt8(ascii: "?")
        var i = start &+ 2
        let csStart = i
        while i < s.count, s[i] != q, !ASCII.isSpace(s[i]), i &- csStart < 64 { i &+= 1 }
        guard i < s.count, s[i] == q, i > csStart else { return nil }
        let charset = csStart..<i
        i &+= 1
        guard i &+ 1 < s.count, s[i &+ 1] == q else { return nil }
        let enc = ASCII.lower(s[i])
        guard enc == UInt8(ascii: "b") || enc == UInt8(ascii: "q") else { return nil }
        i &+= 2
        let textStart = i
        guard let textEnd = textEnd(s, from: textStart) else { return nil }
        i = textEnd
        let text = UnsafeBufferPointer(rebasing: s[textStart..<i])
        if enc == UInt8(ascii: "b") {
            let (decoded, garbage) = Base64Decoder.decodeWhole(text)
            return garbage ? nil : Word(charset: charset, bytes: decoded, end: i &+ 2)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var j = 0
        while j < text.count {
            let b = text[j]
            if b == UInt8(ascii: "_") {
                bytes.append(ASCII.space)
            } else if b == ASCII.equals, j + 2 < text.count, let h = ASCII.hexValue(text[j + 1]),
                let l = ASCII.hexValue(text[j + 2])
            {
                bytes.append(h << 4 | l); j += 2
            } else {
                bytes.append(b)
            }
            j += 1
        }
        return Word(charset: charset, bytes: bytes, end: i &+ 2)
    }

    /// Where an encoded word's text ends: the first "?=" at or after `from`, found from "?"
    /// to "?" with memchr; nil when there is none or a space or tab comes before it (the
    /// word is then malformed), as the byte walk `textEndBytewise` answers.
    static func textEnd(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let raw = UnsafeRawBufferPointer(s)
        var p = from
        while p &+ 1 < s.count {
            // A "?" in the last byte starts no "?=".
            guard let q = UnsafeRawBufferPointer(rebasing: raw[p..<(s.count &- 1)]).firstIndex(of: UInt8(ascii: "?"), from: 0)
            else { break }
            let at = p &+ q
            var k = p
            while at &- k >= 8 {
                if ByteWords.contains(ASCII.space, raw, at: k) || ByteWords.contains(ASCII.tab, raw, at: k) { return nil }
                k &+= 8
            }
            while k < at {
                if s[k] == ASCII.space || s[k] == ASCII.tab { return nil }
                k &+= 1
            }
            if s[at &+ 1] == ASCII.equals { return at }
            p = at &+ 1
        }
        return nil
    }

    /// `textEnd` a byte at a time: the reference.
    static func textEndBytewise(_ s: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i &+ 1 < s.count, !(s[i] == UInt8(ascii: "?") && s[i &+ 1] == ASCII.equals) {
            if s[i] == ASCII.space || s[i] == ASCII.tab { return nil }
            i &+= 1
        }
        return i &+ 1 < s.count ? i : nil
    }

    /// `decodeCharset` of a canonical charset name: bytes 0x01–0x7F in UTF-8, US-ASCII or
    /// windows-1252 decode to themselves with nothing to flag, and need no `CharsetDecoder`
    /// (an 8 KB block and a repairer per run of encoded words).
    static func decodeCanonical(_ bytes: [UInt8], canonical cs: String, anomalies: inout Set<Anomaly>) -> String {
        if cs == "utf-8" || cs == "us-ascii" || cs == "windows-1252" {
            let plain = bytes.withUnsafeBufferPointer { b in
                var ok = true
                for c in b where c == 0 || c >= 0x80 { ok = false; break }
                return ok
            }
            if plain { return String(decoding: bytes, as: UTF8.self) }
        }
        return decodeCharset(bytes, charset: cs, anomalies: &anomalies)
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
            if let cs = pendingCharset { result += decodeCanonical(pendingBytes, canonical: cs, anomalies: &anomalies) }
            pendingCharset = nil
            pendingBytes.removeAll()
        }
        // The words of a value mostly name one charset: its canonical name is found once
        // for each run of words whose labels are the same bytes.
        var lastLabel = 0..<0
        var lastCanonical = ""
        while true {
            if let w = s.withUnsafeBufferPointer({ word(in: $0, at: i) }) {
                let gap = s[plainStart..<i]
                let onlyBlank = gap.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab }
                if !(onlyBlank && pendingCharset != nil) {
                    flushWords(&anomalies)
                    result += rawString(gap, anomalies: &anomalies)
                }
                if lastCanonical.isEmpty || s[w.charset] != s[lastLabel] {
                    lastLabel = w.charset
                    lastCanonical = CharsetDecoder.canonicalName(String(decoding: s[w.charset], as: UTF8.self))
                }
                let cs = lastCanonical
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
        var str = s
        // Over the contiguous bytes: the generic walks over the `UTF8View` were ~8 k
        // instructions a message. ASCII without runs of blanks (most subjects) is returned
        // as it is; other ASCII collapses on its bytes; the rest walks `Character`s.
        let fast = str.withUTF8 { b -> String?? in
            var plain = true
            var prevBlank = true
            for c in b {
                if c >= 0x80 || c == ASCII.tab || c == ASCII.cr || c == ASCII.lf || (c == ASCII.space && prevBlank) {
                    plain = false
                    break
                }
                prevBlank = c == ASCII.space
            }
            if plain && !prevBlank { return .some(nil) }
            for c in b where c >= 0x80 { return nil }
            return .some(collapseASCII(b))
        }
        if let fast { return fast ?? s }
        return collapseByCharacters(s)
    }

    /// `collapseWhitespace` outside ASCII: `Character` by `Character` as the reference walks
    /// them, each kept one copied as its bytes and told blank by its first scalar (what
    /// `Character.isWhitespace` reads), ASCII without the scalar's properties. Appending
    /// each `Character` to a String and asking `isWhitespace` of it cost ~700 instructions
    /// a `Character` (a non-ASCII Subject or display name was ~25 k).
    static func collapseByCharacters(_ s: String) -> String {
        let utf8 = s.utf8
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        var i = s.startIndex
        while i < s.endIndex {
            let next = s.index(after: i)
            let first = utf8[i]
            let blank =
                first < 0x80
                ? first == 0x20 || (first >= 0x09 && first <= 0x0D) : s.unicodeScalars[i].properties.isWhitespace
            if blank {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(contentsOf: utf8[i..<next])
            }
            i = next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `collapseWhitespace` of an ASCII string on its bytes: the ASCII characters that are
    /// `Character.isWhitespace` are HT, LF, VT, FF, CR (and CR LF, one Character) and space.
    private static func collapseASCII(_ s: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: s.count) { out in
            var k = 0
            var pendingSpace = false
            for b in s {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) { pendingSpace = k > 0; continue }
                if pendingSpace { out[k] = 0x20; k &+= 1; pendingSpace = false }
                out[k] = b
                k &+= 1
            }
            return k
        }
    }
}
