/// ASCII byte classes and folds shared by every layer. Mail syntax (field
/// names, MIME parameters, the names an MTA matches) is ASCII-case-insensitive
/// only: a Unicode fold would merge names the MTA keeps apart.
public enum ASCII {
    package static let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, space: UInt8 = 0x20, tab: UInt8 = 0x09
    package static let dash: UInt8 = 0x2D, colon: UInt8 = 0x3A, semicolon: UInt8 = 0x3B
    package static let equals: UInt8 = 0x3D, quote: UInt8 = 0x22, backslash: UInt8 = 0x5C

    @inline(__always) public static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
    @inline(__always) package static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab || b == cr || b == lf }
    @inline(__always) package static func isAlpha(_ b: UInt8) -> Bool { let l = b | 0x20; return l >= 0x61 && l <= 0x7A }
    @inline(__always) package static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) package static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Lowercased ASCII string of raw bytes; non-ASCII bytes are kept via Latin-1 so nothing traps.
    package static func lowerString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes.map { lower($0) }, as: UTF8.self)
    }
}
