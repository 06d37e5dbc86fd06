/// The top-level fields ``HeaderFeatures`` reads, told apart on the lowercased name's bytes:
/// a `switch` over `String`s compared each case in turn (~10 k instructions a message),
/// and a `Set<String>` lookup hashed the name (~370 each, twice a field).
enum HeaderField {
    case from, sender, originalFrom, originalSender, replyTo, to, cc, subject, returnPath, listId
    case xOriginalTo, deliveredTo, listMarker, precedence, authenticationResults, dkimSignature
    case messageId, received, other
    /// Read by the MIME parser alone.
    case contentType, contentTransferEncoding, contentDisposition

    /// Whether `HeaderFeatures.add` reads the field's decoded text (when it does not decode
    /// quietly): the rest are read from their bytes, or only for being there.
    var readsText: Bool {
        switch self {
        case .subject, .returnPath, .listId, .xOriginalTo, .deliveredTo, .precedence, .authenticationResults,
            .dkimSignature, .messageId:
            return true
        case .from, .sender, .originalFrom, .originalSender, .replyTo, .to, .cc, .listMarker, .received, .other,
            .contentType, .contentTransferEncoding, .contentDisposition:
            return false
        }
    }

    /// Each name, and what it is: the names List-Post, List-Help, List-Subscribe,
    /// List-Archive, List-Owner, Mailing-List, X-BeenThere, X-Mailman-Version and
    /// X-List-Administrivia only say that a list relayed the message. List-Unsubscribe is
    /// not among them: every bulk sender and notification platform writes it (RFC 8058
    /// one-click), so it says nothing about a list relaying the message.
    static let names: [(String, HeaderField)] = [
        ("from", .from), ("sender", .sender), ("x-original-from", .originalFrom),
        ("x-original-sender", .originalSender), ("reply-to", .replyTo), ("to", .to), ("cc", .cc),
        ("subject", .subject), ("return-path", .returnPath), ("list-id", .listId),
        ("x-original-to", .xOriginalTo), ("delivered-to", .deliveredTo),
        ("list-post", .listMarker), ("list-help", .listMarker), ("list-subscribe", .listMarker),
        ("list-archive", .listMarker), ("list-owner", .listMarker), ("mailing-list", .listMarker),
        ("x-beenthere", .listMarker), ("x-mailman-version", .listMarker), ("x-list-administrivia", .listMarker),
        ("precedence", .precedence), ("authentication-results", .authenticationResults),
        ("dkim-signature", .dkimSignature), ("message-id", .messageId), ("received", .received),
        ("content-type", .contentType), ("content-transfer-encoding", .contentTransferEncoding),
        ("content-disposition", .contentDisposition),
    ]
    static let list = HeaderNameList(names.map(\.0))

    /// `lname` is already lowercased.
    init(_ lname: String) {
        guard let i = HeaderField.list.index(of: lname) else {
            self = .other
            return
        }
        self = HeaderField.names[i].1
    }
}

/// The names ``HeaderFeatures`` looks up for every field, in one list: those of
/// ``HeaderField`` and the kept names (the fields `all` keeps) not among them, each with its
/// field and whether it is kept. A list of each was two lookups a field.
struct FieldNameTable: Sendable {
    private let list: HeaderNameList
    private let entries: [(field: HeaderField, kept: Bool)]
    /// The kept names alone (nil: every field is kept), for a name read as a String.
    let keptList: HeaderNameList?

    /// Every field kept.
    static let keepingAll = FieldNameTable(kept: nil as [String]?)

    init<S: Sequence>(kept: S?) where S.Element == String {
        guard let kept else {
            list = HeaderField.list
            entries = HeaderField.names.map { ($0.1, true) }
            keptList = nil
            return
        }
        let keptNames = Array(kept)
        let keptList = HeaderNameList(keptNames)
        var names = HeaderField.names.map(\.0)
        var entries = HeaderField.names.map { ($0.1, keptList.contains($0.0)) }
        for name in keptNames where HeaderField.list.index(of: name) == nil {
            names.append(name)
            entries.append((.other, true))
        }
        self.list = HeaderNameList(names)
        self.entries = entries
        self.keptList = keptList
    }

    /// The field the lowercased ASCII name spells (`head`: its first eight bytes) and whether
    /// it is kept.
    @inline(__always)
    func read(lowered: UnsafeBufferPointer<UInt8>, head: UInt64) -> (field: HeaderField, kept: Bool) {
        guard let i = list.index(ofBytes: lowered, head: head) else { return (.other, keptList == nil) }
        return entries[i]
    }
}

/// A few names, found by length and bytes without hashing (the names rules ask for, the
/// fields read here). Past `maxLinear` names a `Set` answers instead.
struct HeaderNameList: Sendable {
    private let bytes: [UInt8]
    private let spans: [(start: Int, count: Int)]
    /// Each name's first eight bytes (zero-padded), tested before the rest of its bytes.
    private let heads: [UInt64]
    private let set: Set<String>?
    private static let maxLinear = 32
    /// Every name is ASCII: equal bytes are then equal Strings and unequal bytes unequal
    /// ones, so an ASCII name may be looked up by its bytes whatever the number of names.
    private let asciiOnly: Bool
    /// Past `maxScan` names, an open-addressed table of name index + 1 by length and
    /// head (the 29 names of ``HeaderField``, asked of every field): a slot or two
    /// instead of a walk over every name of the same length.
    private let slots: [Int32]
    private static let maxScan = 8

    init<S: Sequence>(_ names: S) where S.Element == String {
        let all = Array(names)
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        var heads: [UInt64] = []
        var ascii = true
        spans.reserveCapacity(all.count)
        heads.reserveCapacity(all.count)
        for n in all {
            let start = bytes.count
            bytes.append(contentsOf: n.utf8)
            let count = bytes.count - start
            spans.append((start, count))
            var h: UInt64 = 0
            for k in 0..<Swift.min(8, count) { h |= UInt64(bytes[start + k]) << (8 &* UInt64(k)) }
            heads.append(h)
            for k in start..<bytes.count where bytes[k] >= 0x80 { ascii = false }
        }
        self.bytes = bytes
        self.spans = spans
        self.heads = heads
        self.asciiOnly = ascii
        set = all.count > HeaderNameList.maxLinear ? Set(all) : nil
        var slots: [Int32] = []
        if ascii && all.count > HeaderNameList.maxScan {
            var size = 16
            while size < 4 * all.count { size <<= 1 }
            slots = [Int32](repeating: 0, count: size)
            for i in 0..<spans.count {
                var slot = HeaderNameList.slot(heads[i], spans[i].count, size)
                var taken = false  // the same name given twice: the first stays
                while slots[slot] != 0 {
                    let j = Int(slots[slot]) - 1
                    if spans[j].count == spans[i].count
                        && bytes[spans[j].start..<(spans[j].start + spans[j].count)]
                            .elementsEqual(bytes[spans[i].start..<(spans[i].start + spans[i].count)])
                    {
                        taken = true
                        break
                    }
                    slot = (slot + 1) & (size - 1)
                }
                if !taken { slots[slot] = Int32(i + 1) }
            }
        }
        self.slots = slots
    }

    @inline(__always)
    private static func slot(_ head: UInt64, _ count: Int, _ size: Int) -> Int {
        let key = (head ^ UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: key >> 40) & (size - 1)
    }

    /// The first eight bytes, little-endian, zero-padded.
    @inline(__always)
    static func head(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0
        for k in 0..<Swift.min(8, b.count) { h |= UInt64(b[k]) << (8 &* UInt64(k)) }
        return h
    }

    /// `index(of:)` of the ASCII name these bytes spell, without a String; `head` is
    /// `head(n)`. Every field of every message asks.
    func index(ofBytes n: UnsafeBufferPointer<UInt8>, head h: UInt64) -> Int? {
        if !asciiOnly { return index(of: String(decoding: n, as: UTF8.self)) }
        return bytes.withUnsafeBufferPointer { b in
            spans.withUnsafeBufferPointer { spans in
                heads.withUnsafeBufferPointer { heads in
                    func same(_ i: Int) -> Bool {
                        let s = spans[i]
                        if s.count != n.count || heads[i] != h { return false }
                        var k = 8
                        while k < s.count && b[s.start &+ k] == n[k] { k &+= 1 }
                        return k >= s.count
                    }
                    if slots.isEmpty {
                        for i in 0..<spans.count where same(i) { return i }
                        return nil
                    }
                    return slots.withUnsafeBufferPointer { slots in
                        var slot = HeaderNameList.slot(h, n.count, slots.count)
                        while slots[slot] != 0 {
                            let i = Int(slots[slot]) &- 1
                            if same(i) { return i }
                            slot = (slot &+ 1) & (slots.count &- 1)
                        }
                        return nil
                    }
                }
            }
        }
    }

    func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// The position of `name` among the names given (the first, if given twice).
    func index(of name: String) -> Int? {
        if let set {
            guard set.contains(name) else { return nil }
            return spans.indices.first {
                String(decoding: bytes[spans[$0].start..<(spans[$0].start + spans[$0].count)], as: UTF8.self) == name
            }
        }
        var name = name
        return name.withUTF8 { n in
            bytes.withUnsafeBufferPointer { b in
                spans.withUnsafeBufferPointer { spans in
                    for (i, s) in spans.enumerated() where s.count == n.count {
                        var k = 0
                        while k < s.count && b[s.start &+ k] == n[k] { k &+= 1 }
                        if k == s.count { return i }
                    }
                    return nil
                }
            }
        }
    }
}
