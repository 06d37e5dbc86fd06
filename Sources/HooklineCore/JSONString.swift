import Foundation

/// A JSON string literal for any Swift string: quotes, backslashes, every control
/// character (C0, DEL, C1) and the two line separators JavaScript treats as line ends
/// escaped, so one object always stays one line. `scan --json` and JSON log lines share it.
public enum JSONString {
    public static func quote(_ s: String) -> String {
        // Nearly every string written (paths, rule ids, evidence) is printable ASCII with
        // nothing to escape: then it goes out whole, not appended a scalar at a time.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f && $0 != 0x22 && $0 != 0x5c }) { return "\"" + s + "\"" }
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
