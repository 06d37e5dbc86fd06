import Foundation

/// A JSON string literal for any Swift string: quotes, backslashes, every control
/// character (C0, DEL, C1) and the two line separators JavaScript treats as line ends
/// escaped, so one object always stays one line. `scan --json` and JSON log lines share it.
public enum JSONString {
    public static func quote(_ s: String) -> String {
        // Nearly every string written (paths, rule ids, evidence) is printable ASCII with
        // nothing to escape: then it goes out whole, not appended a scalar at a time.
        if isPlain(s) { return "\"" + s + "\"" }
        return escaped(s)
    }

    /// `quote(s)` appended to `out`: a plain string goes in whole without a quoted copy.
    public static func append(_ s: String, to out: inout String) {
        if isPlain(s) {
            out += "\""
            out += s
            out += "\""
        } else {
            out += escaped(s)
        }
    }

    /// Printable ASCII without a quote or backslash: nothing to escape. Tested on the
    /// contiguous UTF-8 where there is one (the generic `allSatisfy` over a `UTF8View` cost
    /// ~50 instructions a byte); `scan --json` asks it of every path, rule id and evidence.
    static func isPlain(_ s: String) -> Bool {
        func plain(_ c: UInt8) -> Bool { c >= 0x20 && c < 0x7f && c != 0x22 && c != 0x5c }
        if let answer = s.utf8.withContiguousStorageIfAvailable({ b -> Bool in
            for c in b where !plain(c) { return false }
            return true
        }) {
            return answer
        }
        return s.utf8.allSatisfy(plain)
    }

    static func escaped(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || (0x7f...0x9f).contains(u.value) || (0x2028...0x2029).contains(u.value) {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
