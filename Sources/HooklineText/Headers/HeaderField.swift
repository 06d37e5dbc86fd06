/// The top-level fields ``HeaderFeatures`` reads, told apart on the lowercased name's bytes:
/// a `switch` over `String`s compared each case in turn (~10 k instructions a message),
/// and a `Set<String>` lookup hashed the name (~370 each, twice a field).
enum HeaderField {
    case from, sender, originalFrom, originalSender, replyTo, to, cc, subject, returnPath, listId
    case xOriginalTo, deliveredTo, listMarker, precedence, authenticationResults, dkimSignature
    case messageId, received, other
    /// Read by the MIME parser alone.
    case contentType, contentTransferEncoding, contentDisposition

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
    private static let list = HeaderNameList(names.map(\.0))

    /// `lname` is already lowercased.
    init(_ lname: String) {
        guard let i = HeaderField.list.index(of: lname) else {
            self = .other
            return
        }
        self = HeaderField.names[i].1
    }
}

/// A few names, found by length and bytes without hashing (the names rules ask for, the
/// fields read here). Past `maxLinear` names a `Set` answers instead.
struct HeaderNameList: Sendable {
    private let bytes: [UInt8]
    private let spans: [(start: Int, count: Int)]
    private let set: Set<String>?
    private static let maxLinear = 32

    init<S: Sequence>(_ names: S) where S.Element == String {
        let all = Array(names)
        var bytes: [UInt8] = []
        var spans: [(start: Int, count: Int)] = []
        for n in all {
            spans.append((bytes.count, n.utf8.count))
            bytes += Array(n.utf8)
        }
        self.bytes = bytes
        self.spans = spans
        set = all.count > HeaderNameList.maxLinear ? Set(all) : nil
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
