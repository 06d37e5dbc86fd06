import HooklineCore

/// A PDF literal string being read byte by byte: balanced parentheses, backslash escapes,
/// octal codes. Kept to a bounded length; the rest of a longer string is dropped.
struct LiteralString {
    static let maxBytes = 2048
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    private var escape = false
    private var octal: [UInt8] = []

    /// Takes the next byte; false when this byte closed the string.
    mutating func add(_ b: UInt8) -> Bool {
        if !octal.isEmpty {
            if b >= 0x30 && b <= 0x37 && octal.count < 3 { octal.append(b); return true }
            flushOctal()
        }
        if escape {
            escape = false
            switch b {
            case UInt8(ascii: "n"): append(0x0A)
            case UInt8(ascii: "r"): append(0x0D)
            case UInt8(ascii: "t"): append(0x09)
            case UInt8(ascii: "b"), UInt8(ascii: "f"): append(0x20)
            case 0x30...0x37: octal = [b]
            case 0x0A, 0x0D: break  // line continuation
            default: append(b)  // \( \) \\ and unknown escapes stand for themselves
            }
            return true
        }
        switch b {
        case UInt8(ascii: "\\"): escape = true
        case UInt8(ascii: "("): depth += 1; append(b)
        case UInt8(ascii: ")"):
            if depth == 0 { return false }
            depth -= 1
            append(b)
        default: append(b)
        }
        return true
    }

    private mutating func flushOctal() {
        var v = 0
        for d in octal { v = v * 8 + Int(d - 0x30) }
        octal.removeAll()
        append(UInt8(truncatingIfNeeded: v))
    }

    private mutating func append(_ b: UInt8) {
        if bytes.count < Self.maxBytes { bytes.append(b) }
    }

    /// The string's bytes, escapes resolved.
    var rawBytes: [UInt8] {
        if octal.isEmpty { return bytes }
        var copy = self
        copy.flushOctal()
        return copy.bytes
    }

    /// UTF-8 of the string: UTF-16BE when it starts with a byte-order mark, otherwise
    /// PDFDocEncoding, read as Latin-1 (they agree on letters, digits and punctuation).
    func text() -> [UInt8] {
        let raw = rawBytes
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        if raw.count >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
            var units: [UInt16] = []
            var k = 2
            while k + 1 < raw.count {
                units.append(UInt16(raw[k]) << 8 | UInt16(raw[k + 1]))
                k += 2
            }
            for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
                out.append(contentsOf: Array(String(scalar).utf8))
            }
            return out
        }
        for b in raw {
            if b < 0x80 {
                out.append(b == 0 ? 0x20 : b)
            } else {
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
        return out
    }
}
