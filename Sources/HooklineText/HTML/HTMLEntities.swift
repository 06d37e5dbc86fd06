import HooklineCore
/// Named character references that occur in mail. Spaces of every width decode to
/// a plain space because a phone number split by &ensp; must still read as one;
/// invisible formatters (&shy; &zwj; &zwnj;) keep their code points so the
/// normaliser can both strip and report them.
enum HTMLEntities {
    static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27,
        "nbsp": 0x20, "ensp": 0x20, "emsp": 0x20, "thinsp": 0x20, "numsp": 0x20, "puncsp": 0x20,
        "hairsp": 0x20, "emsp13": 0x20, "emsp14": 0x20, "nnbsp": 0x20, "mediumspace": 0x20,
        "shy": 0xAD, "zwj": 0x200D, "zwnj": 0x200C, "lrm": 0x200E, "rlm": 0x200F,
        "nobreak": 0x2060, "wj": 0x2060, "invisibletimes": 0x2062, "ic": 0x2063, "it": 0x2062,
        "zerowidthspace": 0x200B, "negativethinspace": 0x200B, "negativemediumspace": 0x200B,
        "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "tm": 0x2122,
        "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "minus": 0x2212, "hyphen": 0x2010, "dash": 0x2010,
        "lsquo": 0x2018, "rsquo": 0x2019, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E,
        "laquo": 0xAB, "raquo": 0xBB, "lsaquo": 0x2039, "rsaquo": 0x203A,
        "bull": 0x2022, "bullet": 0x2022, "middot": 0xB7, "centerdot": 0xB7, "sdot": 0x22C5,
        "dagger": 0x2020, "ddagger": 0x2021, "permil": 0x2030, "prime": 0x2032, "para": 0xB6, "sect": 0xA7,
        "euro": 0x20AC, "cent": 0xA2, "pound": 0xA3, "yen": 0xA5, "curren": 0xA4, "dollar": 0x24,
        "deg": 0xB0, "plusmn": 0xB1, "pm": 0xB1, "times": 0xD7, "divide": 0xF7, "frac12": 0xBD, "frac14": 0xBC,
        "frac34": 0xBE, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "micro": 0xB5, "not": 0xAC, "macr": 0xAF,
        "acute": 0xB4, "cedil": 0xB8, "uml": 0xA8, "ordf": 0xAA, "ordm": 0xBA, "iexcl": 0xA1, "iquest": 0xBF,
        "brvbar": 0xA6,
        "num": 0x23, "plus": 0x2B, "lpar": 0x28, "rpar": 0x29, "period": 0x2E, "comma": 0x2C, "colon": 0x3A,
        "semi": 0x3B, "excl": 0x21, "quest": 0x3F, "commat": 0x40, "percnt": 0x25, "ast": 0x2A, "sol": 0x2F,
        "bsol": 0x5C, "lowbar": 0x5F, "verbar": 0x7C, "vert": 0x7C, "lsqb": 0x5B, "rsqb": 0x5D, "lcub": 0x7B,
        "rcub": 0x7D, "equals": 0x3D, "grave": 0x60, "hat": 0x5E, "tilde": 0x2DC, "newline": 0x0A, "tab": 0x09,
        "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193, "harr": 0x2194, "check": 0x2713,
        "phone": 0x260E, "star": 0x2606, "starf": 0x2605, "hearts": 0x2665, "loz": 0x25CA,
        "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3, "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6,
        "ccedil": 0xE7, "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA, "euml": 0xEB, "igrave": 0xEC,
        "iacute": 0xED, "icirc": 0xEE, "iuml": 0xEF, "eth": 0xF0, "ntilde": 0xF1, "ograve": 0xF2,
        "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5, "ouml": 0xF6, "oslash": 0xF8, "ugrave": 0xF9,
        "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD, "thorn": 0xFE, "yuml": 0xFF, "szlig": 0xDF,
        "Agrave": 0xC0, "Aacute": 0xC1, "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5,
        "AElig": 0xC6, "Ccedil": 0xC7, "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB,
        "Igrave": 0xCC, "Iacute": 0xCD, "Icirc": 0xCE, "Iuml": 0xCF, "ETH": 0xD0, "Ntilde": 0xD1,
        "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5, "Ouml": 0xD6, "Oslash": 0xD8,
        "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC, "Yacute": 0xDD, "THORN": 0xDE,
        "oelig": 0x153, "OElig": 0x152, "scaron": 0x161, "Scaron": 0x160, "Yuml": 0x178, "fnof": 0x192,
        "circ": 0x2C6, "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4, "pi": 0x3C0,
        "mu": 0x3BC, "omega": 0x3C9, "sigma": 0x3C3, "Omega": 0x3A9, "infin": 0x221E, "ne": 0x2260,
        "le": 0x2264, "ge": 0x2265, "asymp": 0x2248, "AMP": 0x26, "LT": 0x3C, "GT": 0x3E, "QUOT": 0x22,
        "COPY": 0xA9, "REG": 0xAE, "TRADE": 0x2122,
    ]

    /// Decodes the body of a reference (between `&` and `;`), or nil if it is none.
    static func decode(_ body: ArraySlice<UInt8>) -> UInt32? {
        guard let first = body.first else { return nil }
        if first == UInt8(ascii: "#") {
            var digits = body.dropFirst()
            var radix: UInt32 = 10
            if let x = digits.first, x | 0x20 == UInt8(ascii: "x") { radix = 16; digits = digits.dropFirst() }
            if digits.isEmpty { return nil }
            var v: UInt32 = 0
            for d in digits {
                guard let h = ASCII.hexValue(d), UInt32(h) < radix else { return nil }
                v = v &* radix &+ UInt32(h)
                if v > 0x10FFFF { v = 0x110000 }
            }
            return numeric(v)
        }
        let name = String(decoding: body, as: UTF8.self)
        if let v = named[name] { return v }
        return named[name.lowercased()]
    }

    /// HTML5's numeric rules: NUL, surrogates and out-of-range become U+FFFD; C1 bytes are windows-1252.
    static func numeric(_ v: UInt32) -> UInt32 {
        if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return 0xFFFD }
        if v >= 0x80 && v <= 0x9F { return Windows1252.scalar(UInt8(v)) }
        return v
    }

    /// Decodes references in an attribute value (href targets are often entity-encoded).
    static func decodeAll(_ bytes: [UInt8]) -> String {
        if !bytes.contains(UInt8(ascii: "&")) { return String(decoding: bytes, as: UTF8.self) }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "&") {
                var j = i + 1
                while j < bytes.count, j - i <= 32, ASCII.isAlpha(bytes[j]) || ASCII.isDigit(bytes[j]) || bytes[j] == UInt8(ascii: "#") {
                    j += 1
                }
                if j > i + 1, let v = decode(bytes[(i + 1)..<j]), let u = Unicode.Scalar(v) {
                    out.append(u)
                    i = (j < bytes.count && bytes[j] == ASCII.semicolon) ? j + 1 : j
                    continue
                }
            }
            i += 1
            // Attribute bytes are already UTF-8; rebuild multi-byte characters whole.
            if b < 0x80 {
                out.append(Unicode.Scalar(b))
            } else {
                var k = i
                while k < bytes.count, bytes[k] & 0xC0 == 0x80 { k += 1 }
                out.append(contentsOf: String(decoding: bytes[(i - 1)..<k], as: UTF8.self).unicodeScalars)
                i = k
            }
        }
        return String(out)
    }
}
