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

    private static func mailbox(_ seg: UnsafeBufferPointer<UInt8>, anomalies: inout Set<Anomaly>) -> Mailbox? {
        // The last unquoted "<" starts the address.
        var quoted = false, escape = false
        var lt: Int?, gt: Int?
        for i in 0..<seg.count {
            let c = seg[i]
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
}
