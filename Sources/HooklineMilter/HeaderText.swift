import HooklineCore

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
    ///
    /// Every message's verdict header and log line pass here, nearly always ASCII: that
    /// case works on the bytes (`sanitizeASCII`), the rest scalar by scalar
    /// (`sanitizeScalars`); `HeaderTextSanitizeTests` holds the two to the same answers.
    static func sanitize(_ text: String, limit: Int = maxValueBytes) -> String {
        sanitizeASCII(text, limit: limit) ?? sanitizeScalars(text, limit: limit)
    }

    /// ``sanitize(_:limit:)`` for an all-ASCII text, or nil when a byte is not ASCII.
    /// Exact there: every scalar is one byte, C1 controls and U+2028/9 cannot occur, and
    /// with CR gone every output byte is a Character of its own, so trimming bytes is
    /// trimming the Characters `hasPrefix`/`hasSuffix` see.
    static func sanitizeASCII(_ text: String, limit: Int) -> String? {
        var copy = text
        return copy.withUTF8 { bytes -> String? in
            // Nothing to change (the usual verdict value and log line): the text itself. A
            // clean text is ASCII, so the usual one is read once, not once for each test.
            if bytes.count <= limit && isClean(bytes) { return text }
            guard ASCII.isASCII(bytes) else { return nil }
            return String(unsafeUninitializedCapacity: max(0, min(bytes.count, limit))) { out in
                var n = 0
                var lastWasSpace = false
                for b in bytes {
                    let c: UInt8 = b < 0x20 || b == 0x7F ? 0x20 : b
                    if c == 0x20 {
                        if lastWasSpace { continue }
                        lastWasSpace = true
                    } else {
                        lastWasSpace = false
                    }
                    if n + 1 > limit { break }
                    out[n] = c
                    n += 1
                }
                var start = 0
                while start < n && out[start] == 0x20 { start += 1 }
                while n > start && out[n - 1] == 0x20 { n -= 1 }
                if start > 0 {
                    for i in start..<n { out[i - start] = out[i] }
                }
                return n - start
            }
        }
    }

    /// All ASCII, no control byte, no DEL, no space at either end and no two spaces in a row:
    /// what ``sanitizeASCII(_:limit:)`` leaves as it is (below its limit). Empty is not clean.
    ///
    /// Eight bytes a step: every message's log line (~250 bytes) and verdict value pass here,
    /// and the byte loop cost ~8 instructions a byte. In a word, a byte below 0x20 and a DEL
    /// are the exact "has a byte less than" and "has a zero byte" tests, and the spaces'
    /// exact mask (a high bit per byte that is 0x20) finds two in a row within the word, and
    /// across words with the last byte of the word before. `isCleanByBytes` is the reference.
    static func isClean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        if bytes[0] == ASCII.space || bytes[bytes.count - 1] == ASCII.space { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let spaces = ones &* 0x20
        var previousSpace = false
        var i = 0
        while i + 8 <= bytes.count {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if x & highs != 0 { return false }  // a byte outside ASCII
            if (x &- spaces) & ~x & highs != 0 { return false }  // a byte below 0x20
            let d = x ^ lows
            if (d &- ones) & ~d & highs != 0 { return false }  // a DEL
            let y = x ^ spaces
            let m = ~(((y & lows) &+ lows) | y | lows)  // the high bit of each space
            if m & (m << 8) != 0 || (previousSpace && m & 0x80 != 0) { return false }
            previousSpace = m >> 63 != 0
            i += 8
        }
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b >= 0x7F || (b == ASCII.space && previousSpace) { return false }
            previousSpace = b == ASCII.space
            i += 1
        }
        return true
    }

    /// ``isClean(_:)`` byte by byte: the reference.
    static func isCleanByBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous = ASCII.space  // a leading space is a run
        for b in bytes {
            if b < 0x20 || b >= 0x7F || (b == ASCII.space && previous == ASCII.space) { return false }
            previous = b
        }
        return previous != ASCII.space
    }

    /// ``sanitize(_:limit:)`` for any text, scalar by scalar.
    static func sanitizeScalars(_ text: String, limit: Int) -> String {
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
        var value = value
        return value.withUTF8 { unfoldASCII(UnsafeRawBufferPointer($0)) } ?? unfoldByCharacters(value)
    }

    /// ``unfold(_:)`` of the header value's bytes as the MTA sent them (decoded as UTF-8,
    /// invalid sequences repaired, when they are not all ASCII).
    static func unfold(_ bytes: UnsafeRawBufferPointer) -> String {
        unfoldASCII(bytes) ?? unfoldByCharacters(String(decoding: bytes, as: UTF8.self))
    }

    /// ``unfold(_:)`` through Foundation and Character splitting: the reference, and the way
    /// for a value outside ASCII (Foundation's search is not literal there: a match must sit
    /// on its composed-character boundaries).
    static func unfoldByCharacters(_ value: String) -> String {
        value.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .joined()
    }

    /// ``unfoldByCharacters(_:)`` of an all-ASCII value on its bytes, or nil when a byte is
    /// not ASCII. Every message's Subject came here; Foundation's replace and the Character
    /// split cost ~67 k instructions a message in the daemon, for a Subject the config
    /// (no `subject_prefix`) then never uses. Exact for ASCII: the replace turns each
    /// CR LF, left to right, into LF; in the result a LF is a Character of its own (then
    /// dropped as a separator) unless a CR precedes it, when the two are one Character
    /// ("\r\r\n" becomes "\r\n" and stays). So a LF of the replaced text goes unless the
    /// byte before it in that text is CR.
    static func unfoldASCII(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard ASCII.isASCII(bytes.assumingMemoryBound(to: UInt8.self)) else { return nil }
        if bytes.isEmpty { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var n = 0
            var i = 0
            var previous: UInt8 = 0  // the last byte of the replaced text
            while i < bytes.count {
                var b = bytes[i]
                if b == ASCII.cr, i + 1 < bytes.count, bytes[i + 1] == ASCII.lf {
                    b = ASCII.lf
                    i += 1
                }
                i += 1
                if b != ASCII.lf || previous == ASCII.cr {
                    out[n] = b
                    n += 1
                }
                previous = b
            }
            return n
        }
    }
}
