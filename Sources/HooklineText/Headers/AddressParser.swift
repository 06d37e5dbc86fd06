import HooklineCore

/// Mailboxes from From/Sender/Reply-To/To/Cc, tolerant of everything real mail
/// does: quoted and unquoted display names, encoded words inside quotes, groups,
/// comments, missing angle brackets. The display name keeps parentheses and
/// digits as the reader sees them, because lures live there.
///
/// Works on the UTF-8 bytes of the decoded value. Every byte it looks for is ASCII,
/// and no byte of a multi-byte sequence is ASCII, so each test answers as it would on
/// the value's `Unicode.Scalar`s (an escape that skips the first byte of a sequence
/// leaves its other bytes to match nothing); the arrays of scalars per header and
/// per segment were ~37 k instructions a message. `ReferenceAddressParser` in the
/// tests keeps the scalar version.
enum AddressParser {
    static let maxMailboxes = 100

    static func parse(_ raw: [UInt8], anomalies: inout Set<Anomaly>) -> [Mailbox] {
        raw.withUnsafeBytes { parse($0, anomalies: &anomalies) }
    }

    /// Unfolded into scratch storage (on the stack when small) rather than a new array:
    /// an allocation per address field, read once and thrown away.
    static func parse(_ raw: UnsafeRawBufferPointer, anomalies: inout Set<Anomaly>) -> [Mailbox] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(raw.count, 1)) { buf -> [Mailbox] in
            guard let base = buf.baseAddress else { return [] }
            let unfolded = UnsafeBufferPointer(start: base, count: HeaderDecoding.unfold(raw, into: base))
            if !ByteWords.anyHighBit(UnsafeRawBufferPointer(unfolded), orNUL: true) {
                // `rawString` would make a String of these very bytes.
                return parse(bytes: unfolded, anomalies: &anomalies)
            }
            var text = HeaderDecoding.rawString(Array(unfolded)[...], anomalies: &anomalies)
            return text.withUTF8 { parse(bytes: $0, anomalies: &anomalies) }
        }
    }

    private static func parse(bytes s: UnsafeBufferPointer<UInt8>, anomalies: inout Set<Anomaly>) -> [Mailbox] {
        var boxes: [Mailbox] = []
        var start = 0
        var quoted = false, angle = false, comment = 0, escape = false
        var i = 0
        func segmentEnd(_ end: Int, _ anomalies: inout Set<Anomaly>) {
            if end > start, boxes.count < maxMailboxes,
                let box = mailbox(UnsafeBufferPointer(rebasing: s[start..<end]), anomalies: &anomalies)
            {
                boxes.append(box)
            }
            start = end + 1
        }
        while i < s.count {
            let c = s[i]
            // A byte none of the states reads (most of them) is passed over at a test.
            if !escape && !isFieldSpecial(c) {
                i &+= 1
                continue
            }
            if escape {
                escape = false
            } else if c == ASCII.backslash {
                escape = true
            } else if quoted {
                if c == ASCII.quote { quoted = false }
            } else if c == ASCII.quote {
                quoted = true
            } else if comment > 0 {
                if c == UInt8(ascii: ")") { comment -= 1 } else if c == UInt8(ascii: "(") { comment += 1 }
            } else if c == UInt8(ascii: "(") && !angle {
                comment = 1
            } else if c == UInt8(ascii: "<") {
                angle = true
            } else if c == UInt8(ascii: ">") {
                angle = false
            } else if (c == UInt8(ascii: ",") || c == ASCII.semicolon) && !angle {
                segmentEnd(i, &anomalies)
            } else if c == ASCII.colon && !angle {
                start = i + 1
            }  // group name
            i += 1
        }
        segmentEnd(s.count, &anomalies)
        return boxes
    }

    /// \ " ( ) < > , ; : — the bytes `parse(bytes:anomalies:)` reads — by a mask of the
    /// bytes below 0x40 and one compare above.
    @inline(__always)
    static func isFieldSpecial(_ c: UInt8) -> Bool {
        c < 0x40 ? (fieldSpecials >> UInt64(c)) & 1 != 0 : c == ASCII.backslash
    }
    private static let fieldSpecials: UInt64 =
        1 << 0x22 | 1 << 0x28 | 1 << 0x29 | 1 << 0x2C | 1 << 0x3A | 1 << 0x3B | 1 << 0x3C | 1 << 0x3E

    /// \ " < > — the bytes the mailbox's own walk reads.
    @inline(__always)
    static func isMailboxSpecial(_ c: UInt8) -> Bool {
        c < 0x40 ? (mailboxSpecials >> UInt64(c)) & 1 != 0 : c == ASCII.backslash
    }
    private static let mailboxSpecials: UInt64 = 1 << 0x22 | 1 << 0x3C | 1 << 0x3E

    private static func mailbox(_ seg: UnsafeBufferPointer<UInt8>, anomalies: inout Set<Anomaly>) -> Mailbox? {
        // The last unquoted "<" starts the address.
        var quoted = false, escape = false
        var lt: Int?, gt: Int?
        for i in 0..<seg.count {
            let c = seg[i]
            if !escape && !isMailboxSpecial(c) { continue }
            if escape { escape = false; continue }
            if c == ASCII.backslash { escape = true; continue }
            if c == ASCII.quote { quoted.toggle(); continue }
            if quoted { continue }
            if c == UInt8(ascii: "<") {
                lt = i
                gt = nil
            } else if c == UInt8(ascii: ">"), lt != nil, gt == nil {
                gt = i
            }
        }
        var display: String
        var address: String
        if let lt {
            let addrEnd = gt ?? seg.count
            let bytes = UnsafeBufferPointer(rebasing: seg[(lt + 1)..<addrEnd])
            display = phrase(UnsafeBufferPointer(rebasing: seg[..<lt]), anomalies: &anomalies)
            if bytes.first != UInt8(ascii: "@") {
                // No "@" route to cut: the address straight from its bytes, as `compact` makes it.
                address = compact(bytes)
                if address.isEmpty && display.isEmpty { return nil }
                return Mailbox(displayName: display, address: address)
            }
            address = String(decoding: bytes, as: UTF8.self)
        } else if seg.first != UInt8(ascii: "@") && UnsafeRawBufferPointer(seg).firstIndex(of: UInt8(ascii: "("), from: 0) == nil {
            // No comment and no "@" route: the address straight from its bytes, as `compact`
            // makes it, and no display name (without the two arrays below).
            address = compact(seg)
            return address.isEmpty ? nil : Mailbox(displayName: "", address: address)
        } else {
            // addr@example.com (Display Name)
            var addr: [UInt8] = [], comment: [UInt8] = []
            addr.reserveCapacity(seg.count)
            var depth = 0
            for c in seg {
                if c == UInt8(ascii: "(") {
                    if depth > 0 { comment.append(c) }
                    depth += 1
                    continue
                }
                if c == UInt8(ascii: ")") && depth > 0 {
                    depth -= 1
                    if depth > 0 { comment.append(c) }
                    continue
                }
                if depth > 0 { comment.append(c) } else { addr.append(c) }
            }
            address = String(decoding: addr, as: UTF8.self)
            display = comment.withUnsafeBufferPointer { phrase($0, anomalies: &anomalies) }
        }
        if address.hasPrefix("@"), let colon = address.lastIndex(of: ":") { address = String(address[address.index(after: colon)...]) }
        var kept = address
        address = kept.withUTF8 { compact($0) }
        if address.isEmpty && display.isEmpty { return nil }
        return Mailbox(displayName: display, address: address)
    }

    /// The address without blanks and quotes, ASCII lowered (valid UTF-8 in, so valid out:
    /// only ASCII bytes are removed).
    private static func compact(_ b: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: b.count) { out in
            var k = 0
            for c in b where !ASCII.isSpace(c) && c != ASCII.quote {
                out[k] = ASCII.lower(c)
                k &+= 1
            }
            return k
        }
    }

    /// Display-name phrase: quotes and escapes removed, encoded words decoded, blanks collapsed.
    /// (`v` is valid UTF-8: whole ASCII bytes are all that is removed from valid UTF-8.)
    private static func phrase(_ s: UnsafeBufferPointer<UInt8>, anomalies: inout Set<Anomaly>) -> String {
        if let plain = plainPhrase(s) { return plain }
        var v: [UInt8] = []
        v.reserveCapacity(s.count)
        var escape = false
        for c in s {
            if escape {
                v.append(c)
                escape = false
                continue
            }
            if c == ASCII.backslash { escape = true; continue }
            if c == ASCII.quote { continue }
            v.append(c)
        }
        let text = String(decoding: v, as: UTF8.self)
        let decoded = ASCII.contains(text, "=?") ? HeaderDecoding.decode(v, anomalies: &anomalies) : text
        return HeaderDecoding.collapseWhitespace(decoded)
    }

    /// ``phrase(_:anomalies:)`` of an ASCII phrase whose unquoted bytes hold no "=?", VT or
    /// FF, in one pass into one String: quotes and escapes removed and runs of HT, LF, CR and
    /// space made one space and trimmed, as `collapseWhitespace` collapses such text (VT and
    /// FF it keeps in text that needs no collapsing, and collapses in other text); nil for
    /// any other phrase. The unquoted bytes in an array, a String of them and the collapsed
    /// String were three copies of every display name.
    static func plainPhrase(_ s: UnsafeBufferPointer<UInt8>) -> String? {
        if s.isEmpty { return "" }
        var plain = true
        let text = String(unsafeUninitializedCapacity: s.count) { out in
            var k = 0
            var escape = false
            var pendingSpace = false
            var previous: UInt8 = 0  // the last unquoted byte
            for c in s {
                if !escape {
                    if c == ASCII.backslash {
                        escape = true
                        continue
                    }
                    if c == ASCII.quote { continue }
                }
                escape = false
                if c >= 0x80 || c == 0x0B || c == 0x0C || (c == UInt8(ascii: "?") && previous == ASCII.equals) {
                    plain = false
                    return 0
                }
                previous = c
                if ASCII.isSpace(c) {
                    pendingSpace = k > 0
                    continue
                }
                if pendingSpace {
                    out[k] = 0x20
                    k &+= 1
                    pendingSpace = false
                }
                out[k] = c
                k &+= 1
            }
            return k
        }
        return plain ? text : nil
    }
}
