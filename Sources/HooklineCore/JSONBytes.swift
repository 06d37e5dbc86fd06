/// JSON written as UTF-8 bytes into one array, without a `String` appended to piece by piece.
///
/// `scan --json` built each line by appending to a `String` (~25 appends a message, each
/// through `_StringGuts` and its capacity checks, and every string scanned once to see it
/// needed no escaping and again to be copied): ~50 k instructions a message, as much as
/// normalising the text. A byte array is appended to with a bounds check and a copy.
public enum JSONBytes {
    /// `s` as a JSON string literal, appended. Quote, backslash, `\n`, `\r` and `\t` get
    /// their short escapes; every other C0 control, DEL, C1 and U+2028/U+2029 (line ends to
    /// JavaScript) become `\uXXXX`, so one object always stays one line. Found on the
    /// string's UTF-8 (always valid, so a lead byte's sequence is whole).
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { appendEscaped($0, to: &out) }
        out.append(0x22)
    }

    /// `s` as a JSON string literal, for the few lines still built as a `String` (a log
    /// line, a file's error): the same escapes as every `scan --json` line.
    public static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `s` as they are (for text known to need no escaping, like `{"file":`).
    @inline(__always)
    public static func append(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// An integer in decimal, as `String(n)` writes it.
    public static func append(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(0x2D) }
        var m = n.magnitude
        var divisor: UInt = 1
        while m / divisor >= 10 { divisor *= 10 }
        repeat {
            out.append(0x30 + UInt8(truncatingIfNeeded: m / divisor))
            m %= divisor
            divisor /= 10
        } while divisor > 0
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether each of the eight bytes is printable ASCII other than a quote or a backslash
    /// (what JSON writes as it is). A lane test adds a constant to bytes below 0x80, so no
    /// lane carries into the next.
    @inline(__always)
    static func plain(_ word: UInt64) -> Bool {
        let x = word & ~highs
        func atLeast(_ v: UInt64, _ k: UInt8) -> UInt64 { (v &+ ones &* UInt64(0x80 &- k)) & highs }
        let printable = atLeast(x, 0x20) & ~atLeast(x, 0x7F)
        let notQuote = atLeast(x ^ (ones &* 0x22), 1)
        let notBackslash = atLeast(x ^ (ones &* 0x5C), 1)
        return printable & notQuote & notBackslash & ~word == highs
    }

    static func appendEscaped(_ b: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = b.count
        var start = 0
        var i = 0
        while i < n {
            // Paths, rule ids and evidence are mostly plain: eight bytes a test.
            if i &+ 8 <= n, let base = b.baseAddress,
                plain(UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
            {
                i &+= 8
                continue
            }
            let c = b[i]
            if c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C {
                i += 1
                continue
            }
            var code: UInt32
            var length = 1
            if c >= 0x80 {
                if c == 0xC2 && i + 1 < n && b[i + 1] < 0xA0 {
                    code = UInt32(b[i + 1])  // C1: U+0080...U+009F
                    length = 2
                } else if c == 0xE2 && i + 2 < n && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) {
                    code = 0x2000 | UInt32(b[i + 2] - 0x80)  // U+2028, U+2029
                    length = 3
                } else {
                    i += 1
                    continue
                }
            } else {
                code = UInt32(c)
            }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
            out.append(0x5C)
            switch code {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x0A: out.append(0x6E)
            case 0x0D: out.append(0x72)
            case 0x09: out.append(0x74)
            default:
                // `String(format: "\\u%04x")`: four lower-case hex digits.
                out.append(0x75)
                for shift in stride(from: 12, through: 0, by: -4) {
                    let d = UInt8(truncatingIfNeeded: code >> UInt32(shift)) & 0xF
                    out.append(d < 10 ? 0x30 + d : 0x57 + d)
                }
            }
            i += length
            start = i
        }
        if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<n])) }
    }
}
