import HooklineCore

/// RFC 8601 Authentication-Results: `authserv-id; method=result prop=value ...; ...`.
/// Comments are dropped and everything is lowercased, because rules compare these
/// values against trusted server names and platform domains. Works on bytes:
/// every message carries several of these headers.
///
/// One pass over the value into one buffer, tokens as offsets into it: the arrays
/// of slices per segment and per token (each slice a retain of its array) were
/// ~36 k instructions a message. `ReferenceAuthenticationResultsParser` in the
/// tests keeps that version; the answers are the same.
enum AuthenticationResultsParser {
    static func parse(_ value: String) -> AuthenticationResults? {
        var v = value
        return v.withUTF8 { parse($0, dropping: false) }
    }

    /// ``parse(_:)`` of `HeaderDecoding.decode(raw)` for a value that decodes quietly
    /// (`HeaderDecoding.decodesQuietly`: ASCII, no encoded word), straight from the bytes the
    /// MTA sent: such a value decodes to its bytes without CR, LF and NUL, so the pass drops
    /// those and no decoded String is made.
    /// `testAuthenticationResultsFromRawBytesMatchTheDecodedValue` holds the two to the same answers.
    static func parse(quietRaw raw: UnsafeRawBufferPointer) -> AuthenticationResults? {
        parse(raw.assumingMemoryBound(to: UInt8.self), dropping: true)
    }

    /// The value lowered, (nested) comments outside quoted strings stripped (a closed comment
    /// leaves one space, a backslash escapes the next byte everywhere), cut at ";" outside
    /// quotes, each segment after the first made compact (blanks around "=" removed, other
    /// runs of blanks outside quotes made one space): in one pass over the value into one
    /// buffer, each segment read by ``methodResult(_:)`` as it ends. With `dropping`, CR, LF
    /// and NUL are dropped first.
    ///
    /// The strip and the segments keep quote states of their own: the strip's heeds
    /// backslashes (`\"` opens or closes nothing), the segments' toggles at every quote the
    /// strip leaves. Lowering and stripping into one buffer, finding the first ";" and
    /// compacting each segment into another were four passes over every value; each state
    /// here where most bytes are only copied (or, inside a comment, skipped) takes a run of
    /// them a table load a byte, and every other byte goes the whole way.
    /// `ReferenceAuthenticationResultsParser` in the tests keeps the passes.
    private static func parse(_ raw: UnsafeBufferPointer<UInt8>, dropping: Bool) -> AuthenticationResults? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(raw.count, 1)) { buf -> AuthenticationResults? in
            guard let out = buf.baseAddress else { return nil }
            var r = SegmentReader(out: out)
            let n = raw.count
            // The strip's state.
            var depth = 0
            var stripQuoted = false
            var escape = false
            var going = true
            var i = 0
            passBytes.withUnsafeBufferPointer { table in
                while going && i < n {
                    if !escape {
                        if depth > 0 {
                            // Inside a comment only ( ) \ change anything.
                            while i < n && table[Int(raw[i])] & Self.commentByte == 0 { i &+= 1 }
                        } else if !stripQuoted && !r.quoted && !r.pendingBlank {
                            // Copied lowered: in the head anything but the strip's bytes and ";",
                            // in a segment no blank either.
                            let stop = r.inHead ? Self.stripByte | Self.semicolonByte : Self.anyByte
                            while i < n {
                                let e = table[Int(raw[i])]
                                if e & stop != 0 { break }
                                r.out[r.k] = UInt8(truncatingIfNeeded: e)
                                r.k &+= 1
                                i &+= 1
                            }
                        }
                        if i >= n { break }
                    }
                    let b = raw[i]
                    i &+= 1
                    if dropping && (b == ASCII.cr || b == ASCII.lf || b == 0) { continue }
                    let c = ASCII.lower(b)
                    if escape {
                        escape = false
                        if depth == 0 { going = r.put(c) }
                    } else if c == ASCII.backslash {
                        escape = true
                        if depth == 0 { going = r.put(c) }
                    } else if stripQuoted {
                        if c == ASCII.quote { stripQuoted = false }
                        going = r.put(c)
                    } else if c == UInt8(ascii: "(") {
                        depth &+= 1
                    } else if c == UInt8(ascii: ")") && depth > 0 {
                        depth &-= 1
                        if depth == 0 { going = r.put(ASCII.space) }
                    } else if depth == 0 {
                        if c == ASCII.quote { stripQuoted = true }
                        going = r.put(c)
                    }
                }
            }
            if r.inHead {
                guard going, let head = r.headID() else { return nil }
                return AuthenticationResults(authservId: head, results: [])
            }
            if going { _ = r.segmentEnd() }
            return AuthenticationResults(authservId: r.id, results: r.results)
        }
    }

    /// What the strip leaves, read into the head (up to the first ";" outside quotes) and
    /// then segment by segment, each compacted into `out` and read as it ends.
    private struct SegmentReader {
        let out: UnsafeMutablePointer<UInt8>
        var k = 0
        var inHead = true
        /// Toggled by every quote the strip leaves (escaped or not).
        var quoted = false
        var pendingBlank = false
        var id = ""
        var results: [AuthMethodResult] = []

        init(out: UnsafeMutablePointer<UInt8>) { self.out = out }

        /// The authserv-id: the head's first run of non-blanks; nil when it is all blanks.
        func headID() -> String? {
            var a = 0
            while a < k && ASCII.isSpace(out[a]) { a &+= 1 }
            if a == k { return nil }
            var b = a
            while b < k && !ASCII.isSpace(out[b]) { b &+= 1 }
            return AuthenticationResultsParser.string(UnsafeBufferPointer(start: out, count: k), a, b)
        }

        /// Reads the segment in `out`; false once 64 results are read.
        mutating func segmentEnd() -> Bool {
            if let result = AuthenticationResultsParser.methodResult(UnsafeBufferPointer(start: out, count: k)) {
                results.append(result)
                if results.count >= 64 { return false }
            }
            k = 0
            pendingBlank = false
            quoted = false
            return true
        }

        /// Takes a byte the strip leaves; false when parsing is over (a blank head, 64 results).
        mutating func put(_ c: UInt8) -> Bool {
            if inHead {
                if c == ASCII.quote {
                    quoted.toggle()
                } else if c == ASCII.semicolon && !quoted {
                    guard let head = headID() else { return false }
                    id = head
                    inHead = false
                    k = 0
                    // Room for the usual few results at once (grown from empty, the array was
                    // made three times for dkim, spf, dmarc).
                    results.reserveCapacity(4)
                    return true
                }
                out[k] = c
                k &+= 1
                return true
            }
            if c == ASCII.quote {
                quoted.toggle()
            } else if !quoted {
                if c == ASCII.semicolon { return segmentEnd() }
                if ASCII.isSpace(c) {
                    pendingBlank = true
                    return true
                }
            }
            if pendingBlank && k > 0 && !(c == ASCII.equals || out[k &- 1] == ASCII.equals) {
                out[k] = ASCII.space
                k &+= 1
            }
            pendingBlank = false
            out[k] = c
            k &+= 1
            return true
        }
    }

    /// ``passBytes``' flags: the bytes the strip reads or drops (( ) " \ CR LF NUL), ";", the
    /// blanks (`ASCII.isSpace`) and the bytes read inside a comment (( ) \).
    private static let stripByte: UInt16 = 0x100
    private static let semicolonByte: UInt16 = 0x200
    private static let blankByte: UInt16 = 0x400
    private static let commentByte: UInt16 = 0x800
    private static let anyByte: UInt16 = stripByte | semicolonByte | blankByte

    /// Per byte: the byte lowered, and its flags.
    private static let passBytes: [UInt16] = (0..<256).map { v in
        let b = UInt8(v)
        var e = UInt16(ASCII.lower(b))
        if b == 0 || b == ASCII.cr || b == ASCII.lf || b == ASCII.quote || b == ASCII.backslash || b == UInt8(ascii: "(")
            || b == UInt8(ascii: ")")
        {
            e |= stripByte
        }
        if b == ASCII.semicolon { e |= semicolonByte }
        if ASCII.isSpace(b) { e |= blankByte }
        if b == ASCII.backslash || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") { e |= commentByte }
        return e
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
}
