/// ASCII byte classes and folds shared by every layer. Mail syntax (field
/// names, MIME parameters, the names an MTA matches) is ASCII-case-insensitive
/// only: a Unicode fold would merge names the MTA keeps apart.
public enum ASCII {
    // Inlinable constants, not stored ones: a `static let` read from another module went
    // through its global's addressor (a lazy-initialisation check) on every byte compared,
    // ~22 k instructions per message.
    @inlinable package static var lf: UInt8 { 0x0A }
    @inlinable package static var cr: UInt8 { 0x0D }
    @inlinable package static var space: UInt8 { 0x20 }
    @inlinable package static var tab: UInt8 { 0x09 }
    @inlinable package static var dash: UInt8 { 0x2D }
    @inlinable package static var colon: UInt8 { 0x3A }
    @inlinable package static var semicolon: UInt8 { 0x3B }
    @inlinable package static var equals: UInt8 { 0x3D }
    @inlinable package static var quote: UInt8 { 0x22 }
    @inlinable package static var backslash: UInt8 { 0x5C }

    // The byte classes are @inlinable: every layer calls them per byte, and without it a
    // call from another module was a real call (~65 k instructions per message for isSpace).
    @inlinable @inline(__always) public static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
    @inlinable @inline(__always) package static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    @inlinable @inline(__always) package static func isAlpha(_ b: UInt8) -> Bool { let l = b | 0x20; return l >= 0x61 && l <= 0x7A }
    @inlinable @inline(__always) package static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inlinable @inline(__always) package static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Lowercased ASCII string of raw bytes; non-ASCII bytes are kept via Latin-1 so nothing traps.
    /// Contiguous ASCII input (the usual case: names, tags, parameter names) is written
    /// straight into the string's storage, one allocation or none, outside the generic
    /// code; anything else takes the decoding path.
    package static func lowerString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let fast = bytes.withContiguousStorageIfAvailable({ lowerASCII($0) }), let fast { return fast }
        return String(decoding: bytes.map { lower($0) }, as: UTF8.self)
    }

    private static func lowerASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for b in bytes where b >= 0x80 { return nil }
        if bytes.isEmpty { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            for k in 0..<bytes.count { out[k] = lower(bytes[k]) }
            return bytes.count
        }
    }
}

/// Character operations on addresses and domains, on bytes when the string is ASCII.
/// `String.split(separator:)` and `lastIndex(of:)` walk grapheme clusters (they were
/// ~4 % of the steady state per message, docs/PERFORMANCE.md); in an ASCII string no
/// byte but CR LF forms a cluster with its neighbour, so for an ASCII separator other
/// than CR and LF the byte answer is the Character answer. Other strings take
/// `String`'s own path, unchanged.
extension ASCII {
    /// On contiguous bytes, eight a load: `allSatisfy` over the UTF8View cost ~25
    /// instructions a byte, and the address, domain and name tests of every message ask it.
    package static func isASCII(_ s: String) -> Bool {
        s.utf8.withContiguousStorageIfAvailable(isASCII) ?? isASCIIByScalars(s)
    }

    /// ``isASCII(_:)`` through the UTF8View: the reference, and the way for a String
    /// without contiguous bytes.
    package static func isASCIIByScalars(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }

    /// No byte above 0x7F.
    package static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var acc: UInt64 = 0
        var i = 0
        while i + 8 <= b.count {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < b.count {
            acc |= UInt64(b[i])
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    /// `s.split(separator: separator)` (empty pieces omitted).
    package static func split(_ s: String, on separator: Character) -> [Substring] {
        guard let b = byte(separator), isASCII(s) else { return s.split(separator: separator) }
        let utf8 = s.utf8
        var out: [Substring] = []
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == b {
                if start != i { out.append(s[start..<i]) }
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if start != utf8.endIndex { out.append(s[start..<utf8.endIndex]) }
        return out
    }

    /// `s.lastIndex(of: character)`.
    package static func lastIndex(of character: Character, in s: String) -> String.Index? {
        guard let b = byte(character), isASCII(s) else { return s.lastIndex(of: character) }
        let utf8 = s.utf8
        var i = utf8.endIndex
        while i != utf8.startIndex {
            i = utf8.index(before: i)
            if utf8[i] == b { return i }
        }
        return nil
    }

    /// The byte of a one-scalar ASCII character other than CR and LF.
    private static func byte(_ c: Character) -> UInt8? {
        guard c.unicodeScalars.count == 1, let v = c.asciiValue, v != cr, v != lf else { return nil }
        return v
    }
}
