import HooklineCore
@testable import HooklineText

/// Mailboxes as main 9b1ad2b parsed them (arrays of `Unicode.Scalar`s per header and per
/// segment): the reference `AddressParserReferenceTests` holds the byte parser to.
enum ReferenceAddressParser {
    static let maxMailboxes = 100

    static func parse(_ raw: [UInt8], anomalies: inout Set<Anomaly>) -> [Mailbox] {
        let s = Array(HeaderDecoding.rawString(HeaderDecoding.unfold(raw)[...], anomalies: &anomalies).unicodeScalars)
        var boxes: [Mailbox] = []
        var start = 0
        var quoted = false, angle = false, comment = 0, escape = false
        var i = 0
        func segmentEnd(_ end: Int, _ anomalies: inout Set<Anomaly>) {
            if end > start, boxes.count < maxMailboxes, let box = mailbox(Array(s[start..<end]), anomalies: &anomalies) {
                boxes.append(box)
            }
            start = end + 1
        }
        while i < s.count {
            let c = s[i]
            if escape {
                escape = false
            } else if c == "\\" {
                escape = true
            } else if quoted {
                if c == "\"" { quoted = false }
            } else if c == "\"" {
                quoted = true
            } else if comment > 0 {
                if c == ")" { comment -= 1 } else if c == "(" { comment += 1 }
            } else if c == "(" && !angle {
                comment = 1
            } else if c == "<" {
                angle = true
            } else if c == ">" {
                angle = false
            } else if (c == "," || c == ";") && !angle {
                segmentEnd(i, &anomalies)
            } else if c == ":" && !angle {
                start = i + 1
            }  // group name
            i += 1
        }
        segmentEnd(s.count, &anomalies)
        return boxes
    }

    private static func mailbox(_ seg: [Unicode.Scalar], anomalies: inout Set<Anomaly>) -> Mailbox? {
        // The last unquoted "<" starts the address.
        var quoted = false, escape = false
        var lt: Int?, gt: Int?
        for (i, c) in seg.enumerated() {
            if escape { escape = false; continue }
            if c == "\\" { escape = true; continue }
            if c == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if c == "<" { lt = i; gt = nil } else if c == ">", lt != nil, gt == nil { gt = i }
        }
        var display: String
        var address: String
        if let lt {
            let addrEnd = gt ?? seg.count
            address = string(seg[(lt + 1)..<addrEnd])
            display = phrase(seg[..<lt], anomalies: &anomalies)
        } else {
            // addr@example.com (Display Name)
            var addr: [UInt8] = [], comment: [Unicode.Scalar] = []
            var depth = 0
            for c in seg {
                if c == "(" { if depth > 0 { comment.append(c) }; depth += 1; continue }
                if c == ")" && depth > 0 { depth -= 1; if depth > 0 { comment.append(c) }; continue }
                if depth > 0 { comment.append(c) } else { appendUTF8(c, to: &addr) }
            }
            address = String(decoding: addr, as: UTF8.self)
            display = phrase(comment[...], anomalies: &anomalies)
        }
        if address.hasPrefix("@"), let colon = address.lastIndex(of: ":") { address = String(address[address.index(after: colon)...]) }
        var kept: [UInt8] = []
        kept.reserveCapacity(address.utf8.count)
        for b in address.utf8 where !ASCII.isSpace(b) && b != ASCII.quote { kept.append(ASCII.lower(b)) }
        address = String(decoding: kept, as: UTF8.self)
        if address.isEmpty && display.isEmpty { return nil }
        return Mailbox(displayName: display, address: address)
    }

    /// The scalars as a string, encoded into bytes first: appending them to a
    /// `UnicodeScalarView` one by one cost ~1 k instructions per address.
    private static func string(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count)
        for c in s { appendUTF8(c, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A scalar's UTF-8 (valid scalars in, so the string they make is the one a
    /// `UnicodeScalarView` of them makes).
    private static func appendUTF8(_ c: Unicode.Scalar, to bytes: inout [UInt8]) {
        if c.isASCII { bytes.append(UInt8(truncatingIfNeeded: c.value)) } else { UTF8.encode(c) { bytes.append($0) } }
    }

    /// Display-name phrase: quotes and escapes removed, encoded words decoded, blanks collapsed.
    private static func phrase(_ s: ArraySlice<Unicode.Scalar>, anomalies: inout Set<Anomaly>) -> String {
        var v: [UInt8] = []
        v.reserveCapacity(s.count)
        var escape = false
        for c in s {
            if escape { appendUTF8(c, to: &v); escape = false; continue }
            if c == "\\" { escape = true; continue }
            if c == "\"" { continue }
            appendUTF8(c, to: &v)
        }
        let text = String(decoding: v, as: UTF8.self)
        let decoded = ASCII.contains(text, "=?") ? HeaderDecoding.decode(Array(text.utf8), anomalies: &anomalies) : text
        return HeaderDecoding.collapseWhitespace(decoded)
    }
}
