import HooklineCore

/// RFC 8601 Authentication-Results: `authserv-id; method=result prop=value ...; ...`.
/// Comments are dropped and everything is lowercased, because rules compare these
/// values against trusted server names and platform domains. Works on bytes:
/// every message carries several of these headers.
///
/// One pass per segment into one reused buffer, tokens as offsets into it: the
/// arrays of slices per segment and per token (each slice a retain of its array)
/// were ~36 k instructions a message. `ReferenceAuthenticationResultsParser` in the
/// tests keeps that version; the answers are the same.
enum AuthenticationResultsParser {
    static func parse(_ value: String) -> AuthenticationResults? {
        stripComments(lowered(value)).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// ``parse(_:)`` of `HeaderDecoding.decode(raw)` for a value that decodes quietly
    /// (`HeaderDecoding.decodesQuietly`: ASCII, no encoded word), straight from the bytes the
    /// MTA sent. Such a value decodes to its bytes without CR, LF and NUL, so those are
    /// dropped and the rest lowered in one pass into one buffer, and comments are stripped
    /// in place: the decoded String, its lowered copy and the stripped copy (three copies of
    /// a value of a few hundred bytes, three times a message) are not made.
    /// `testAuthenticationResultsFromRawBytesMatchTheDecodedValue` holds the two to the same answers.
    static func parse(quietRaw raw: UnsafeRawBufferPointer) -> AuthenticationResults? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(raw.count, 1)) { buf in
            guard let base = buf.baseAddress else { return nil }
            let n = lowerStripped(raw.assumingMemoryBound(to: UInt8.self), into: base)
            return parse(bytes: UnsafeBufferPointer(start: base, count: n))
        }
    }

    /// The bytes of `raw` without CR, LF and NUL, lowered, comments stripped (as
    /// `stripComments` strips them), in one pass into `out` (room for `raw.count` bytes); returns
    /// how many. A value without "(" is only copied and lowered.
    static func lowerStripped(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var k = 0
        guard UnsafeRawBufferPointer(raw).firstIndex(of: UInt8(ascii: "("), from: 0) != nil else {
            for b in raw where b != ASCII.cr && b != ASCII.lf && b != 0 {
                out[k] = ASCII.lower(b)
                k &+= 1
            }
            return k
        }
        // Most bytes are outside comments and quotes and none of ( ) " \ CR LF NUL, where the
        // strip only writes them lowered; inside a comment, all but ( ) \ are dropped. Those
        // two states are read here and every other byte goes through the strip: at ~25
        // instructions a byte through it, the strip was a third of parsing each header.
        var strip = CommentStrip()
        var i = 0
        ordinaryLowered.withUnsafeBufferPointer { table in
            while i < raw.count {
                // A run of ordinary bytes outside comments and quotes, a table load a byte;
                // the byte that ends it goes through the strip.
                if !strip.escape && strip.depth == 0 && !strip.quoted {
                    while i < raw.count {
                        let l = table[Int(raw[i])]
                        if l == 0 { break }
                        out[k] = l
                        k &+= 1
                        i &+= 1
                    }
                    if i >= raw.count { break }
                }
                let b = raw[i]
                i &+= 1
                if !strip.escape && strip.depth > 0 && b != UInt8(ascii: "(") && b != UInt8(ascii: ")")
                    && b != ASCII.backslash
                {
                    continue
                }
                if b == ASCII.cr || b == ASCII.lf || b == 0 { continue }
                strip.take(ASCII.lower(b), into: out, at: &k)
            }
        }
        return k
    }

    /// Not one of the bytes the strip reads outside comments and quotes (( ) " \) nor one the
    /// raw path drops (CR, LF, NUL).
    @inline(__always)
    private static func isOrdinary(_ b: UInt8) -> Bool {
        if b >= 0x2A { return b != ASCII.backslash }
        return b != 0 && b != ASCII.lf && b != ASCII.cr && b != ASCII.quote && b != UInt8(ascii: "(")
            && b != UInt8(ascii: ")")
    }

    /// Per byte: the byte lowered when it is ordinary (``isOrdinary(_:)``), else 0 (NUL is
    /// never ordinary).
    private static let ordinaryLowered: [UInt8] = (0..<256).map { b in
        isOrdinary(UInt8(b)) ? ASCII.lower(UInt8(b)) : 0
    }

    /// `lowerStripped` a byte at a time through the strip: the reference for its fast states.
    static func lowerStrippedBytewise(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var k = 0
        var strip = CommentStrip()
        for b in raw where b != ASCII.cr && b != ASCII.lf && b != 0 {
            strip.take(ASCII.lower(b), into: out, at: &k)
        }
        return k
    }

    /// Segments end at ";" outside quotes, and each is made compact as it is read (blanks
    /// around "=" removed, other runs of blanks outside quotes made one space), in the same
    /// pass: one quote state serves both, since every segment starts unquoted (the one before
    /// it ended outside quotes). A pass to find the segment and another to compact it were
    /// two of the five passes over every Authentication-Results value.
    private static func parse(bytes s: UnsafeBufferPointer<UInt8>) -> AuthenticationResults? {
        var quoted = false
        var headEnd = 0
        while headEnd < s.count {
            let c = s[headEnd]
            if c == ASCII.quote { quoted.toggle() }
            if c == ASCII.semicolon && !quoted { break }
            headEnd &+= 1
        }
        var a = 0
        while a < headEnd && ASCII.isSpace(s[a]) { a &+= 1 }
        if a == headEnd { return nil }
        var b = a
        while b < headEnd && !ASCII.isSpace(s[b]) { b &+= 1 }
        let id = string(s, a, b)
        var results: [AuthMethodResult] = []
        if headEnd == s.count { return AuthenticationResults(authservId: id, results: results) }
        // Room for the usual few results at once (grown from empty, the array was made three
        // times for dkim, spf, dmarc).
        results.reserveCapacity(4)
        // A segment's compact form is never longer than the segment.
        // (On the stack when small: no zeroed array per header.)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: s.count) { out in
            var i = headEnd &+ 1
            while true {
                // The segment, compacted up to its ";".
                var k = 0
                var pendingBlank = false
                quoted = false
                while i < s.count {
                    // A run of bytes copied as they are: outside quotes, no blank pending,
                    // none of the quote, ";" and the blanks.
                    if !quoted && !pendingBlank {
                        while i < s.count && !isSegmentSpecial(s[i]) {
                            out[k] = s[i]
                            k &+= 1
                            i &+= 1
                        }
                        if i >= s.count { break }
                    }
                    let c = s[i]
                    if c == ASCII.quote {
                        quoted.toggle()
                    } else if !quoted {
                        if c == ASCII.semicolon { break }
                        if ASCII.isSpace(c) {
                            pendingBlank = true
                            i &+= 1
                            continue
                        }
                    }
                    if pendingBlank && k > 0 && !(c == ASCII.equals || out[k &- 1] == ASCII.equals) {
                        out[k] = ASCII.space
                        k &+= 1
                    }
                    pendingBlank = false
                    out[k] = c
                    k &+= 1
                    i &+= 1
                }
                if let result = methodResult(UnsafeBufferPointer(rebasing: out[0..<k])) {
                    results.append(result)
                    if results.count >= 64 { break }
                }
                if i >= s.count { break }
                i &+= 1
            }
        }
        return AuthenticationResults(authservId: id, results: results)
    }

    /// The quote, ";" and the blanks (`ASCII.isSpace`): the bytes the segment loop reads.
    @inline(__always)
    private static func isSegmentSpecial(_ c: UInt8) -> Bool {
        c <= ASCII.semicolon && (c == ASCII.quote || c == ASCII.semicolon || ASCII.isSpace(c))
    }

    /// One segment's `method=result prop=value ...`, tokens split at spaces (empty ones
    /// skipped); nil when the first token has no "=" or no method.
    private static func methodResult(_ t: UnsafeBufferPointer<UInt8>) -> AuthMethodResult? {
        var i = 0
        func nextToken() -> Range<Int>? {
            while i < t.count && t[i] == ASCII.space { i &+= 1 }
            if i == t.count { return nil }
            let a = i
            while i < t.count && t[i] != ASCII.space { i &+= 1 }
            return a..<i
        }
        guard let first = nextToken() else { return nil }
        guard let eq = firstIndex(of: ASCII.equals, in: t, first) else { return nil }
        var methodEnd = eq
        if let slash = firstIndex(of: UInt8(ascii: "/"), in: t, first.lowerBound..<eq) { methodEnd = slash }
        if methodEnd == first.lowerBound { return nil }
        // Only the properties something reads become Strings (`AuthMethodResult.keptKeys`),
        // each its first value; the key is told from its bytes.
        // The properties as locals, the result made once at the end: built up in place,
        // the struct was copied whole and destroyed for each result.
        let method = string(t, first.lowerBound, methodEnd)
        let result = string(t, eq &+ 1, first.upperBound)
        var headerFrom: String?
        var headerD: String?
        var headerI: String?
        while let token = nextToken() {
            guard let e = firstIndex(of: ASCII.equals, in: t, token),
                let key = keptKey(t, token.lowerBound, e)
            else { continue }
            switch key {
            case .from: if headerFrom != nil { continue }
            case .d: if headerD != nil { continue }
            case .i: if headerI != nil { continue }
            }
            var va = e &+ 1
            var vb = token.upperBound
            if vb &- va >= 2 && t[va] == ASCII.quote && t[vb &- 1] == ASCII.quote {
                va &+= 1
                vb &-= 1
            }
            let value = string(t, va, vb)
            switch key {
            case .from: headerFrom = value
            case .d: headerD = value
            case .i: headerI = value
            }
        }
        return AuthMethodResult(method: method, result: result, headerFrom: headerFrom, headerD: headerD, headerI: headerI)
    }

    private enum KeptKey { case from, d, i }

    /// Which kept key `t[a..<e]` is: "header.from", "header.d" or "header.i".
    private static func keptKey(_ t: UnsafeBufferPointer<UInt8>, _ a: Int, _ e: Int) -> KeptKey? {
        let n = e &- a
        guard n == 8 || n == 11 else { return nil }
        let prefix: StaticString = "header."
        var k = 0
        while k < 7 {
            if t[a &+ k] != prefix.utf8Start[k] { return nil }
            k &+= 1
        }
        if n == 11 {
            return t[a &+ 7] == UInt8(ascii: "f") && t[a &+ 8] == UInt8(ascii: "r") && t[a &+ 9] == UInt8(ascii: "o")
                && t[a &+ 10] == UInt8(ascii: "m") ? .from : nil
        }
        switch t[a &+ 7] {
        case UInt8(ascii: "d"): return .d
        case UInt8(ascii: "i"): return .i
        default: return nil
        }
    }

    private static func firstIndex(of byte: UInt8, in t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        var k = r.lowerBound
        while k < r.upperBound {
            if t[k] == byte { return k }
            k &+= 1
        }
        return nil
    }

    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
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

    /// Removes (nested) comments outside quoted strings, into uninitialised storage (never
    /// longer than the input: a closed comment leaves one space for at least two bytes).
    private static func stripComments(_ s: [UInt8]) -> [UInt8] {
        guard s.contains(UInt8(ascii: "(")) else { return s }
        return s.withUnsafeBufferPointer { s in
            [UInt8](unsafeUninitializedCapacity: s.count) { out, count in
                guard let base = out.baseAddress else {
                    count = 0
                    return
                }
                count = stripComments(s, into: base)
            }
        }
    }

    /// The bytes of `s` without comments, written from `out` on; returns how many. `out` may
    /// be `s`'s own start: a byte is written at or before the place it was read from.
    private static func stripComments(_ s: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var k = 0
        var strip = CommentStrip()
        for c in s { strip.take(c, into: out, at: &k) }
        return k
    }

    /// The state of comment stripping, shared by the raw path (which lowers and drops CR, LF
    /// and NUL in the same pass) and the String path: (nested) comments outside quoted
    /// strings are dropped, a closed comment leaves one space, a backslash escapes the next
    /// byte everywhere.
    private struct CommentStrip {
        var depth = 0
        var quoted = false
        var escape = false

        /// Writes what `c` leaves at `out[k]` (nothing, itself or a space) and advances `k`.
        @inline(__always)
        mutating func take(_ c: UInt8, into out: UnsafeMutablePointer<UInt8>, at k: inout Int) {
            if escape {
                escape = false
                if depth == 0 { out[k] = c; k &+= 1 }
                return
            }
            if c == ASCII.backslash {
                escape = true
                if depth == 0 { out[k] = c; k &+= 1 }
                return
            }
            if quoted {
                if c == ASCII.quote { quoted = false }
                out[k] = c; k &+= 1
                return
            }
            if c == UInt8(ascii: "(") { depth &+= 1; return }
            if c == UInt8(ascii: ")") && depth > 0 {
                depth &-= 1
                if depth == 0 { out[k] = ASCII.space; k &+= 1 }
                return
            }
            if depth > 0 { return }
            if c == ASCII.quote { quoted = true }
            out[k] = c; k &+= 1
        }
    }
}
