import HooklineCore

/// Any MIME charset → UTF-8, incrementally. UTF-8 and us-ascii (most mail) take a
/// validating fast path; windows-1252 and its usual mislabel iso-8859-1 use a
/// table; everything else goes through iconv. NUL bytes are dropped here, once,
/// because they split words and digit runs in ways no reader sees.
final class CharsetDecoder {
    private enum Kind {
        case utf8(UTF8Repairer)
        /// The block the table's multi-byte characters are written to: only this case writes
        /// any, so UTF-8 parts (nearly all) take no block from the pool and give none back.
        case windows1252(OutputBlock)
        /// iconv's output is checked again: glibc's UTF-8 and UCS-4 readers accept values
        /// past U+10FFFF and write them out as 4- to 6-byte sequences that are not UTF-8,
        /// and any label glibc folds to "UTF8" ("utf_8", "ut\u{1}f-8") reaches it.
        case iconv(IconvConverter, UTF8Repairer)
    }
    private let kind: Kind
    let unknownCharset: Bool
    private(set) var sawNUL = false
    private var sawInvalid1252 = false

    /// Plain ASCII eight bytes at a time (false: a byte at a time, the reference the tests compare with).
    private let wordScan: Bool

    init(charset raw: String, wordScan: Bool = true) {
        self.wordScan = wordScan
        let name = CharsetDecoder.canonicalName(raw)
        switch name {
        case "utf-8", "us-ascii", "":
            kind = .utf8(UTF8Repairer(wordScan: wordScan)); unknownCharset = false
        case "windows-1252":
            kind = .windows1252(OutputBlock()); unknownCharset = false
        default:
            if let conv = IconvConverter(charset: name) {
                kind = .iconv(conv, UTF8Repairer(wordScan: wordScan)); unknownCharset = false
            } else {
                // Unknown label: UTF-8 if it validates, windows-1252 byte by byte where it does not.
                kind = .utf8(UTF8Repairer(wordScan: wordScan)); unknownCharset = true
            }
        }
    }

    var sawInvalid: Bool {
        switch kind {
        case .utf8(let r): return r.sawInvalid && !unknownCharset
        case .windows1252: return false
        case .iconv(let c, let r): return c.sawInvalid || r.sawInvalid
        }
    }

    var droppedNUL: Bool {
        switch kind {
        case .utf8(let r), .iconv(_, let r): return r.sawNUL || sawNUL
        case .windows1252: return sawNUL
        }
    }

    /// Maps MIME labels and common misspellings to names the fast paths or glibc iconv know.
    static func canonicalName(_ raw: String) -> String {
        canonical(label(raw))
    }

    /// The label as `canonicalName` compares it: lowercased, quotes and blanks removed, cut at
    /// "*". An ASCII label (every one in practice) on its bytes, where each of those is one
    /// `Character` ("\r\n", the one two-byte ASCII `Character`, is neither removed nor "*"):
    /// every encoded word in a header asks, and the `Character` walks cost ~5 k instructions.
    ///
    /// Written straight into the String's storage: a label of up to 15 bytes (all the usual
    /// ones) is a small string, so no allocation at all (an array and a String before).
    static func label(_ raw: String) -> String {
        let fast = raw.utf8.withContiguousStorageIfAvailable { b -> String? in
            for c in b {
                if c == UInt8(ascii: "*") { break }
                if c >= 0x80 { return nil }
            }
            return String(unsafeUninitializedCapacity: b.count) { out in
                var n = 0
                for c in b {
                    if c == UInt8(ascii: "*") { break }
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == 0x20 || c == 0x09 { continue }
                    out[n] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                    n += 1
                }
                return n
            }
        }
        if let known = fast ?? nil { return known }
        return labelOfCharacters(raw)
    }

    /// `label` by `Character`s: the reference, and the way for a label outside ASCII.
    static func labelOfCharacters(_ raw: String) -> String {
        var s = raw.lowercased()
        s.removeAll { $0 == "\"" || $0 == "'" || $0 == " " || $0 == "\t" }
        if let star = s.firstIndex(of: "*") { s = String(s[..<star]) }  // RFC 2231 language tag
        return s
    }

    private static func canonical(_ s: String) -> String {
        switch s {
        case "", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unknown", "unknown-8bit", "unknown", "default",
            "x-user-defined", "7bit", "8bit":
            return "utf-8"
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us":
            return "us-ascii"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
            "x-cp1252", "win-1252", "windows1252", "cp819", "ibm819", "iso-ir-100":
            return "windows-1252"
        case "gb2312", "gbk", "x-gbk", "euc-cn", "cp936", "gb_2312-80", "chinese", "csgb2312", "x-euc-cn":
            return "GB18030"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932", "csshiftjis", "x-ms-cp932":
            return "CP932"
        case "iso-2022-jp", "csiso2022jp", "iso2022jp":
            return "ISO-2022-JP-3"
        case "ks_c_5601-1987", "euc-kr", "ks_c_5601", "korean", "cp949", "windows-949", "ksc5601":
            return "CP949"
        case "big5", "big-5", "x-big5", "cn-big5", "csbig5":
            return "BIG5-HKSCS"
        case "koi8r", "koi8-r": return "KOI8-R"
        case "tis-620", "windows-874": return "CP874"
        default:
            return s
        }
    }

    func decode(_ input: UnsafeRawBufferPointer, _ emit: (UnsafeRawBufferPointer) -> Void) {
        switch kind {
        case .utf8(let r): r.decode(input, emit)
        case .windows1252(let out): decode1252(input, out: out, emit)
        case .iconv(let c, let r): c.decode(input) { r.decode($0, emit) }
        }
    }

    func finish(_ emit: (UnsafeRawBufferPointer) -> Void) {
        switch kind {
        case .utf8(let r): r.finish(emit)
        case .windows1252: break
        case .iconv(let c, let r):
            c.finish { r.decode($0, emit) }
            r.finish(emit)
        }
    }

    private func decode1252(_ input: UnsafeRawBufferPointer, out: OutputBlock, _ emit: (UnsafeRawBufferPointer) -> Void) {
        var run = 0
        var i = 0
        let n = input.count
        while i < n {
            if wordScan && n &- i >= 8 && ByteWords.allPlainASCII(input, at: i) {
                i = ByteWords.plainASCIIRun(input, after: i)
                continue
            }
            let b = input[i]
            i &+= 1
            if b >= 0x01 && b < 0x80 { continue }
            let at = i &- 1
            if at > run { out.flush(emit); emit(input.slice(run, at)) }
            run = i
            if b == 0 { sawNUL = true; continue }
            if out.room < 4 { out.flush(emit) }
            out.appendScalar(Windows1252.scalar(b))
        }
        out.flush(emit)
        if run < input.count { emit(input.slice(run, input.count)) }
    }
}
