import HooklineCore

/// The parameters of a Content-Type or Content-Disposition value that the MIME parser
/// reads: the first of each, RFC 2231 and RFC 2047 decoded. Four fields, not a dictionary
/// of every parameter: a dictionary and a string per name for each part's two headers,
/// most of whose parameters (format, delsp, type, ...) were never read.
struct MIMEParams: Equatable {
    enum Key { case boundary, charset, name, filename }

    var boundary: String?
    var charset: String?
    var name: String?
    var filename: String?

    init() {}

    /// The ones read, from every parameter by lowercased name.
    init(_ all: [String: String]) {
        boundary = all["boundary"]
        charset = all["charset"]
        name = all["name"]
        filename = all["filename"]
    }

    subscript(key: Key) -> String? {
        get {
            switch key {
            case .boundary: boundary
            case .charset: charset
            case .name: name
            case .filename: filename
            }
        }
        set {
            switch key {
            case .boundary: boundary = newValue
            case .charset: charset = newValue
            case .name: name = newValue
            case .filename: filename = newValue
            }
        }
    }
}

extension MIMEParams.Key {
    /// The key of the parameter name `s[from..<to]`, ASCII blanks trimmed and case folded
    /// (what `lowerTrimmed` makes of it), packed into one word; nil for any other name.
    init?(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        var a = from
        var b = to
        while a < b, ASCII.isSpace(s[a]) { a += 1 }
        while b > a, ASCII.isSpace(s[b - 1]) { b -= 1 }
        guard b - a == 4 || b - a == 7 || b - a == 8 else { return nil }
        var packed: UInt64 = 0
        for k in a..<b { packed = packed << 8 | UInt64(ASCII.lower(s[k])) }
        switch (b - a, packed) {
        case (8, 0x626F_756E_6461_7279): self = .boundary  // "boundary"
        case (7, 0x63_6861_7273_6574): self = .charset  // "charset"
        case (4, 0x6E61_6D65): self = .name  // "name"
        case (8, 0x6669_6C65_6E61_6D65): self = .filename  // "filename"
        default: return nil
        }
    }
}
