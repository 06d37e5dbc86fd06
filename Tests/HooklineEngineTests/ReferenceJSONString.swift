import Foundation

/// A JSON string literal written one Unicode scalar at a time with `String(format:)`: how
/// `scan --json` and the JSON log quoted strings before ``JSONBytes`` wrote bytes, kept as
/// the reference the byte writer is held to (quote, backslash, `\n`, `\r`, `\t`; every
/// other C0 control, DEL, C1 and U+2028/U+2029 as `\uXXXX`).
enum ReferenceJSONString {
    static func quote(_ s: String) -> String {
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

    static func append(_ s: String, to out: inout String) { out += quote(s) }
}
