import HooklineCore
@testable import HooklineText

/// RFC 2047 decoding as main 9b1ad2b did it (a `Base64Decoder` and a copy of the text per
/// word, the charset's canonical name and a `CharsetDecoder` per run of words): the
/// reference `HeaderDecodingReferenceTests` holds `HeaderDecoding.decode` to.
enum ReferenceHeaderDecoding {
    struct Word {
        var charset: String
        var bytes: [UInt8]
        var end: Int
    }

    /// Parses one encoded word starting at `start` ("=?"), or nil if malformed.
    static func word(in s: [UInt8], at start: Int) -> Word? {
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

    /// Unfolds (a byte at a time, as 9b1ad2b did) and decodes a header value.
    static func decode(_ raw: UnsafeRawBufferPointer, anomalies: inout Set<Anomaly>) -> String {
        decodeUnfolded(HeaderDecoding.unfoldBytewise(raw), anomalies: &anomalies)
    }
    static func decode(_ raw: [UInt8], anomalies: inout Set<Anomaly>) -> String {
        raw.withUnsafeBytes { decode($0, anomalies: &anomalies) }
    }

    static func decodeUnfolded(_ s: [UInt8], anomalies: inout Set<Anomaly>) -> String {
        guard let firstMarker = HeaderDecoding.findMarker(s, from: 0) else {
            return HeaderDecoding.rawString(s[...], anomalies: &anomalies)
        }
        var result = ""
        var plainStart = 0
        var i = firstMarker
        // Bytes of adjacent words in one charset are joined before decoding, since
        // encoders split multi-byte characters across words.
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        func flushWords(_ anomalies: inout Set<Anomaly>) {
            if let cs = pendingCharset { result += HeaderDecoding.decodeCharset(pendingBytes, charset: cs, anomalies: &anomalies) }
            pendingCharset = nil
            pendingBytes.removeAll()
        }
        while true {
            if let w = word(in: s, at: i) {
                let gap = s[plainStart..<i]
                let onlyBlank = gap.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab }
                if !(onlyBlank && pendingCharset != nil) {
                    flushWords(&anomalies)
                    result += HeaderDecoding.rawString(gap, anomalies: &anomalies)
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
            guard let next = HeaderDecoding.findMarker(s, from: i) else { break }
            i = next
        }
        let tail = s[plainStart...]
        flushWords(&anomalies)
        result += HeaderDecoding.rawString(tail, anomalies: &anomalies)
        return result
    }

}
