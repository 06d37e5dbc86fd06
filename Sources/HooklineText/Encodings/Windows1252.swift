/// windows-1252 is what mislabelled and unlabelled Western mail nearly always is
/// (HTML5 decodes "iso-8859-1" as windows-1252 for the same reason), so it is both
/// a charset and the repair for bytes that are not valid UTF-8.
enum Windows1252 {
    /// Scalars for 0x80...0x9F; the five holes map to U+FFFD.
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    @inline(__always) static func scalar(_ b: UInt8) -> UInt32 {
        (b >= 0x80 && b <= 0x9F) ? high[Int(b - 0x80)] : UInt32(b)
    }

    /// Decodes a whole byte string (headers); NULs are dropped like in bodies.
    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var s = String.UnicodeScalarView()
        for b in bytes where b != 0 {
            if let u = Unicode.Scalar(scalar(b)) { s.append(u) }
        }
        return String(s)
    }
}
