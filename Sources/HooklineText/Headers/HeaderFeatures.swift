import HooklineCore

/// One method result inside an Authentication-Results header (RFC 8601).
public struct AuthMethodResult: Sendable, Equatable {
    public var method: String  // "dkim", "spf", "dmarc", "arc", ...
    public var result: String  // "pass", "fail", ...
    /// The properties anything reads (`MessageFeatures`' authenticated and DMARC-failed
    /// domains), each the first value written for its (lowercased) key. Only these are kept:
    /// a String for every property of every result (smtp.mailfrom, header.b, header.s, ...)
    /// and an array to hold them were made for each header, ~6 k instructions a message,
    /// and nothing read them. `ReferenceAuthenticationResultsParser` in the tests keeps all.
    public var headerFrom: String?
    public var headerD: String?
    public var headerI: String?

    /// The keys kept, as `property(_:)` and `properties` name them.
    public static let keptKeys: [String] = ["header.from", "header.d", "header.i"]

    /// The kept properties by key.
    public var properties: [String: String] {
        var out: [String: String] = [:]
        if let v = headerFrom { out["header.from"] = v }
        if let v = headerD { out["header.d"] = v }
        if let v = headerI { out["header.i"] = v }
        return out
    }

    /// The first value of `key`, one of `keptKeys` (nil for any other key).
    public func property(_ key: String) -> String? {
        switch key {
        case "header.from": headerFrom
        case "header.d": headerD
        case "header.i": headerI
        default: nil
        }
    }

    public init(method: String, result: String, headerFrom: String? = nil, headerD: String? = nil, headerI: String? = nil) {
        self.method = method; self.result = result
        self.headerFrom = headerFrom; self.headerD = headerD; self.headerI = headerI
    }

    /// From every property written; those not in `keptKeys` are dropped.
    public init(method: String, result: String, properties: [String: String]) {
        self.init(
            method: method, result: result, headerFrom: properties["header.from"], headerD: properties["header.d"],
            headerI: properties["header.i"])
    }
}

/// One Authentication-Results header: who wrote it and what it says.
public struct AuthenticationResults: Sendable, Equatable {
    public var authservId: String  // lowercased
    public var results: [AuthMethodResult]
    public init(authservId: String, results: [AuthMethodResult]) {
        self.authservId = authservId; self.results = results
    }
}

/// A mailbox from an address header.
public struct Mailbox: Sendable, Equatable {
    public var displayName: String  // RFC 2047 decoded
    public var address: String { didSet { domain = Self.domain(of: address) } }  // lowercased local@domain, may be ""
    /// Kept beside the address rather than split out of it on every read: rules and
    /// features ask for it hundreds of times a message (2.6 % of steady-state instructions).
    public private(set) var domain: String
    public init(displayName: String, address: String) {
        self.displayName = displayName; self.address = address
        self.domain = Self.domain(of: address)
    }

    /// The last non-empty part between "@"s, as `ASCII.split(address, on: "@").last`: on
    /// the bytes of an ASCII address without the array of parts (every mailbox of every
    /// message asks); outside ASCII through the split, whose `Character`s may join "@" to
    /// a combining mark.
    static func domain(of address: String) -> String {
        let fast = address.utf8.withContiguousStorageIfAvailable { b -> String? in
            for c in b where c >= 0x80 { return nil }
            var end = b.count
            while end > 0 && b[end - 1] == UInt8(ascii: "@") { end -= 1 }
            var start = end
            while start > 0 && b[start - 1] != UInt8(ascii: "@") { start -= 1 }
            return String(decoding: b[start..<end], as: UTF8.self)
        }
        if let known = fast ?? nil { return known }
        return domainOfParts(address)
    }

    /// `domain(of:)` through `ASCII.split`: the reference.
    static func domainOfParts(_ address: String) -> String {
        ASCII.split(address, on: "@").last.map(String.init) ?? ""
    }
}

/// What the top-level headers say, accumulated one header at a time. Garbage in a
/// header never stops the scan: it is decoded as far as it goes and flagged.
public struct HeaderFeatures: Sendable {
    public var from: Mailbox?
    public var sender: Mailbox?
    /// X-Original-From: the author a list (Google Groups, Mailman) moved out of From
    /// when it rewrote From to keep the author's DMARC policy.
    public var originalFrom: Mailbox?
    /// Google Groups' record of the author it moved out of From (X-Original-Sender).
    public var originalSender: Mailbox?
    public var replyTo: Mailbox?
    public var to: [Mailbox] = []
    public var cc: [Mailbox] = []
    public var returnPath: String?
    public var subject: String = ""
    public var listId: String?
    public var xOriginalTo: String?
    public var deliveredTo: String?
    /// The `for <address>` of the topmost Received field: who the receiving MX delivered
    /// the message to, when a saved file carries no Delivered-To.
    ///
    /// Worked out when read, from the first ``receivingHops`` Received values kept as they
    /// came (the same answer: the first of them that names one): only an offline scan
    /// without a recipient reads it (the milter always has RCPT TO), and decoding and
    /// scanning those values for every message was ~11 k instructions in the daemon.
    public var receivedFor: String? {
        for raw in topReceived {
            var none: Set<Anomaly> = []
            if let address = HeaderFeatures.receivedFor(HeaderDecoding.decode(raw, anomalies: &none)) { return address }
        }
        return nil
    }
    /// The raw values (cut to the header limit) of the first ``receivingHops`` Received fields.
    private var topReceived: [[UInt8]] = []
    /// How many of the topmost Received fields may name the recipient (MX, content filter, LMTP).
    static let receivingHops = 3
    public var hasResentHeaders = false
    public var hasMailingListHeaders = false  // List-Post, List-Unsubscribe, Mailing-list, X-BeenThere, ...
    public var authenticationResults: [AuthenticationResults] = []
    /// d= of every DKIM-Signature (lowercased, at most 64); signatures are never verified here.
    ///
    /// Worked out when read, from the raw values kept as they came (the same answer): the
    /// engine does not read it, and scanning each signature (most of a kilobyte) for its
    /// d= was ~4 k instructions a message in the daemon. Past 64 values or 64 KB kept, the
    /// kept ones are read and later ones as they come, so what is kept stays small.
    public var dkimDomains: [String] { dkimRead ?? HeaderFeatures.dkimDomains(of: dkimRaw) }
    /// The raw values (cut to the header limit) of the DKIM-Signatures not read yet.
    private var dkimRaw: [[UInt8]] = []
    private var dkimRawBytes = 0
    /// The domains once the kept values outgrew their bounds (``dkimRaw`` then empty).
    private var dkimRead: [String]?
    static let dkimKeptValues = 64
    static let dkimKeptBytes = 64 << 10
    public var messageId: String?
    public var headerCount = 0
    public var anomalies: Set<Anomaly> = []
    /// Every header (lowercased name, decoded value) for rule patterns; bounded by Limits.maxHeaders.
    /// With ``keptNames`` set, only the fields it names: rules read `all` by those names alone.
    public var all: [(name: String, value: String)] = []
    /// The header names rules look at (lowercased); nil keeps every field in `all`. A field
    /// neither kept nor read here is not decoded at all when decoding could raise no
    /// anomaly (ASCII without an encoded word): ARC seals, vendor X- fields and the like
    /// are most of a message's header bytes, and nothing reads their text.
    public var keptNames: Set<String>? {
        get { kept?.names }
        set { kept = newValue.map(KeptHeaderNames.init) }
    }
    private var kept: KeptHeaderNames? { didSet { fieldNames = kept?.table ?? .keepingAll } }
    /// `kept?.table`, stored as it is passed to ``readName(_:kept:)`` for every field: made
    /// there, it was a copy (retained and destroyed) at each header.
    private var fieldNames = FieldNameTable.keepingAll

    /// ``keptNames`` with their lookup list built once: the engine sets the same names for
    /// every message, and building the list per message was ~2.7 k instructions.
    public struct KeptHeaderNames: Sendable {
        public let names: Set<String>
        let table: FieldNameTable
        public init(_ names: Set<String>) {
            self.names = names
            table = FieldNameTable(kept: names)
        }
    }

    /// Keeps only the fields `names` names (``keptNames``), its list already built.
    public mutating func keep(_ names: KeptHeaderNames?) { kept = names }

    public init() {}
    /// Longest decoded value kept in `all`; rules match prefixes, and this caps memory.
    public static let maxStoredValueBytes = 4096

    /// Returns what the MIME parser reads of the field too (nil past the header limit).
    @discardableResult
    public mutating func add(name: String, value: UnsafeRawBufferPointer, limits: Limits) -> TopFieldRead? {
        headerCount += 1
        if headerCount > limits.maxHeaders { anomalies.insert(.tooManyHeaders); return nil }
        return add(Self.readName(name, kept: fieldNames), name: name, value: value, limits: limits)
    }

    /// ``add(name:value:limits:)`` of `String(decoding: name, as: UTF8.self)` for a name all
    /// ASCII (nil otherwise, and nothing done: the caller takes the String way), read on its
    /// bytes: `scan` and the milter hand names over as bytes, and making a String of each
    /// (~180 instructions, 55 fields a message) only to read its bytes back was waste.
    /// A kept field's lowercased name is made from the lowered bytes, which is what
    /// `lowercased()` answers for ASCII. `HeaderNameBytesTests` compares the two.
    public mutating func add(
        asciiName name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, limits: Limits
    )
        -> TopFieldRead??
    {
        guard let seen = Self.readName(bytes: name.assumingMemoryBound(to: UInt8.self), kept: fieldNames, wantLowered: true)
        else { return nil }
        headerCount += 1
        if headerCount > limits.maxHeaders {
            anomalies.insert(.tooManyHeaders)
            return .some(nil)
        }
        return .some(add(seen, name: "", value: value, limits: limits))
    }

    /// The rest of ``add(name:value:limits:)`` once the name is read (`name` is read only when
    /// `seen.lname` is nil).
    private mutating func add(
        _ seen: NameRead, name: String, value: UnsafeRawBufferPointer, limits: Limits
    )
        -> TopFieldRead?
    {
        var raw = value
        if raw.count > limits.maxHeaderBytes {
            anomalies.insert(.headerTooLong)
            raw = UnsafeRawBufferPointer(rebasing: raw[0..<limits.maxHeaderBytes])
        }
        if !seen.wellFormed { anomalies.insert(.malformedHeader) }
        let field = seen.field
        let keep = seen.keep
        // Decoding flags a header's anomalies, so a field that may have one is decoded when
        // its text is kept or read below, and otherwise only checked for what decoding would
        // flag (``HeaderDecoding/anomalies(_:into:)``); a quiet one is decoded only when its
        // text is read. The address fields are parsed from the raw bytes, and the list
        // fields only say they are there.
        let quiet = HeaderDecoding.decodesQuietly(raw)
        var decodeFound: Set<Anomaly> = []
        var decodedValue: String?
        if !quiet {
            if keep || field.readsText {
                decodedValue = HeaderDecoding.decode(raw, anomalies: &decodeFound)
            } else {
                HeaderDecoding.anomalies(raw, into: &decodeFound)
            }
        }
        if !decodeFound.isEmpty { anomalies.formUnion(decodeFound) }
        var read = TopFieldRead.unused
        func mailboxes() -> [Mailbox] {
            var found: Set<Anomaly> = []
            let boxes = AddressParser.parse(raw, anomalies: &found)
            if !found.isEmpty { anomalies.formUnion(found) }
            read = .mailboxes(boxes, found: found)
            return boxes
        }
        func decoded() -> String {
            if let d = decodedValue { return d }
            var none: Set<Anomaly> = []
            let d = HeaderDecoding.decode(raw, anomalies: &none)
            decodedValue = d
            return d
        }
        func text(angle: Bool, lower: Bool) -> String {
            HeaderFeatures.fieldText(raw: raw, quiet: quiet, decoded: decoded, angle: angle, lower: lower)
        }
        switch field {
        case .from: from = mailboxes().first
        case .sender: sender = mailboxes().first
        case .originalFrom: originalFrom = AddressParser.parse(raw, anomalies: &anomalies).first
        case .originalSender: originalSender = AddressParser.parse(raw, anomalies: &anomalies).first
        case .replyTo: replyTo = AddressParser.parse(raw, anomalies: &anomalies).first
        case .to: append(&to, AddressParser.parse(raw, anomalies: &anomalies))
        case .cc: append(&cc, AddressParser.parse(raw, anomalies: &anomalies))
        case .subject:
            subject = HeaderDecoding.collapseWhitespace(decoded())
            read = .subject(subject, found: decodeFound)
        case .returnPath: returnPath = text(angle: true, lower: true)
        case .listId:
            listId = text(angle: true, lower: true)
            hasMailingListHeaders = true
        case .xOriginalTo: xOriginalTo = text(angle: false, lower: true)
        case .deliveredTo: deliveredTo = text(angle: false, lower: true)
        case .listMarker: hasMailingListHeaders = true
        case .precedence:
            if text(angle: false, lower: true) == "list" { hasMailingListHeaders = true }
        case .authenticationResults:
            // A quiet value is parsed from its bytes (no String made); a kept one is decoded below.
            if authenticationResults.count < 64,
                let ar = quiet
                    ? AuthenticationResultsParser.parse(quietRaw: raw) : AuthenticationResultsParser.parse(decoded())
            {
                // Room for the usual few at once: grown from empty, the array was made three
                // times for three headers.
                if authenticationResults.isEmpty { authenticationResults.reserveCapacity(4) }
                authenticationResults.append(ar)
            }
        case .dkimSignature:
            if dkimRead == nil && dkimRaw.count < HeaderFeatures.dkimKeptValues
                && dkimRawBytes + raw.count <= HeaderFeatures.dkimKeptBytes
            {
                dkimRaw.append(Array(raw))
                dkimRawBytes += raw.count
            } else {
                var found = dkimRead ?? HeaderFeatures.dkimDomains(of: dkimRaw)
                dkimRaw = []
                if found.count < 64, let d = HeaderFeatures.dkimDomain(of: raw) { found.append(d.lowercased()) }
                dkimRead = found
            }
        case .messageId: messageId = text(angle: false, lower: false)
        case .received:
            // Only the top of the chain was written by the receiving side: the MX that took
            // the message names the recipient, the LMTP or amavis hops above it often do not.
            // Deeper fields were written by whoever sent it.
            if topReceived.count < HeaderFeatures.receivingHops { topReceived.append(Array(raw)) }
        case .other:
            if seen.resent { hasResentHeaders = true }
        case .contentType: read = .contentType
        case .contentTransferEncoding: read = .contentTransferEncoding
        case .contentDisposition: read = .contentDisposition
        }
        guard keep else { return read }
        var stored = decoded()
        if stored.utf8.count > HeaderFeatures.maxStoredValueBytes {
            stored = String(decoding: stored.utf8.prefix(HeaderFeatures.maxStoredValueBytes), as: UTF8.self)
        }
        all.append((name: seen.lname ?? name.lowercased(), value: stored))
        return read
    }

    /// What ``add(name:value:limits:)`` asks of a field's name.
    struct NameRead {
        var field: HeaderField
        var wellFormed: Bool
        /// Whether `all` keeps the field.
        var keep: Bool
        /// A Resent- field.
        var resent: Bool
        /// The lowercased name, when it was made (nil: `name.lowercased()`).
        var lname: String?
    }

    /// The name's answers on its lowercased bytes when it is ASCII (where `lowercased()`
    /// lowers A–Z alone), without making the lowercased String unless `all` keeps it:
    /// the String, the well-formedness walk and two name lookups were ~35 k
    /// instructions a message (the field and whether it is kept are now one lookup).
    /// Otherwise through ``readNameOfString(_:kept:)``.
    static func readName(_ name: String, kept: FieldNameTable) -> NameRead {
        let fast = name.utf8.withContiguousStorageIfAvailable { readName(bytes: $0, kept: kept, wantLowered: false) }
        if let fast, let known = fast { return known }
        return readNameOfString(name, kept: kept)
    }

    /// ``readName(_:kept:)`` on the name's bytes; nil when one is above 0x7F. With
    /// `wantLowered`, a kept name's `lname` is made (from the lowered bytes).
    static func readName(bytes n: UnsafeBufferPointer<UInt8>, kept: FieldNameTable, wantLowered: Bool) -> NameRead? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(n.count, 8)) { tmp -> NameRead? in
            // One table load a byte: the lowered byte, 0x100 for a byte no name may hold,
            // 0x200 for one above 0x7F.
            var flags: UInt16 = 0
            Self.nameBytes.withUnsafeBufferPointer { t in
                for k in 0..<n.count {
                    let e = t[Int(n[k])]
                    flags |= e
                    tmp[k] = UInt8(truncatingIfNeeded: e)
                }
            }
            if flags & 0x200 != 0 { return nil }
            let wellFormed = !n.isEmpty && flags & 0x100 == 0
            var k = n.count
            while k < 8 {
                tmp[k] = 0
                k &+= 1
            }
            guard let base = tmp.baseAddress else { return nil }
            let head = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
            let lowered = UnsafeBufferPointer(rebasing: tmp[0..<n.count])
            let (field, keep) = kept.read(lowered: lowered, head: head)
            let resent = n.count >= 7 && head & 0x00FF_FFFF_FFFF_FFFF == Self.resentHead
            return NameRead(
                field: field, wellFormed: wellFormed, keep: keep,
                resent: resent, lname: wantLowered && keep ? String(decoding: lowered, as: UTF8.self) : nil)
        }
    }

    /// Per byte of a field name: the byte ASCII-lowered, | 0x100 when it makes the name
    /// malformed (control, space, ":", DEL), | 0x200 above 0x7F.
    static let nameBytes: [UInt16] = (0..<256).map { b in
        let c = UInt8(b)
        var e = UInt16(ASCII.lower(c))
        if c <= 0x20 || c == 0x7F || c == 0x3A { e |= 0x100 }
        if c >= 0x80 { e |= 0x200 }
        return e
    }

    /// "resent-" as a little-endian head (seven bytes).
    static let resentHead: UInt64 = 0x002D_746E_6573_6572

    /// `readName` through the lowercased String: the reference, and the way outside ASCII.
    static func readNameOfString(_ name: String, kept: FieldNameTable) -> NameRead {
        let (lname, wellFormed) = lowercasedName(name)
        return NameRead(
            field: HeaderField(lname), wellFormed: wellFormed, keep: kept.keptList?.contains(lname) ?? true,
            resent: lname.hasPrefix("resent-"), lname: lname)
    }

    /// The name lowercased, and whether it is a well-formed field name (not empty; no
    /// control, space, colon or byte above 0x7E), tested over the lowered name's contiguous
    /// bytes: the generic `contains(where:)` over a `UTF8View` cost ~500 instructions a
    /// header. (`lowercased()` itself stays: its ASCII path makes a small string without
    /// the heap, which a byte loop into an array did not.)
    static func lowercasedName(_ name: String) -> (String, Bool) {
        let lname = name.lowercased()
        func bad(_ c: UInt8) -> Bool { c <= 0x20 || c >= 0x7F || c == 0x3A }
        let wellFormed =
            lname.utf8.withContiguousStorageIfAvailable { b in !b.isEmpty && !b.contains(where: bad) }
            ?? !(lname.isEmpty || lname.utf8.contains(where: bad))
        return (lname, wellFormed)
    }

    private func append(_ list: inout [Mailbox], _ more: [Mailbox]) {
        let room = AddressParser.maxMailboxes - list.count
        if room > 0 { list.append(contentsOf: more.prefix(room)) }
    }

    /// "Name <x@y>" → "x@y"; a value without brackets is returned whole. On the bytes of an
    /// ASCII value, where every `Character` but CR LF is one byte and CR LF is neither "<"
    /// nor ">": the `Character` walk cost ~15 k instructions a Return-Path.
    static func angleContent(_ s: String) -> String {
        var value = s
        let fast = value.withUTF8 { b -> String?? in
            if b.contains(where: { $0 >= 0x80 }) { return nil }
            var lt = b.count
            while lt > 0 && b[lt &- 1] != UInt8(ascii: "<") { lt &-= 1 }
            if lt == 0 { return .some(nil) }  // no "<": the value whole
            var start = lt
            var end = lt
            while end < b.count && b[end] != UInt8(ascii: ">") { end &+= 1 }
            while start < end && ASCII.isSpace(b[start]) { start &+= 1 }
            while end > start && ASCII.isSpace(b[end &- 1]) { end &-= 1 }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
        }
        if let fast { return fast ?? s }
        return angleContentOfCharacters(s)
    }

    /// `angleContent` by `Character`s: the reference, and the way outside ASCII.
    static func angleContentOfCharacters(_ s: String) -> String {
        guard let lt = ASCII.lastIndex(of: "<", in: s) else { return s }
        let rest = s[s.index(after: lt)...]
        return String(rest.prefix { $0 != ">" }).trimmingCharacters()
    }

    /// "from a by b ... for <user@example.org>; date" → "user@example.org".
    static func receivedFor(_ value: String) -> String? {
        // Printable ASCII without CR (the usual value): `lowercased()` would lower A–Z
        // alone, so the scan lowers as it reads and only the address is made a String.
        var raw = value
        let plain = raw.withUTF8 { bytes -> String?? in
            HeaderTagScan.applies(bytes) ? .some(HeaderTagScan.receivedFor(lowercased: bytes)) : nil
        }
        if let plain { return plain }
        return receivedForOfLowercased(value)
    }

    /// `receivedFor` through the lowercased String: the reference, and the way outside ASCII.
    /// `ascii` reads lowercased plain bytes (the tests pass the needle search it replaced).
    static func receivedForOfLowercased(
        _ value: String,
        ascii: (UnsafeBufferPointer<UInt8>) -> String? = { HeaderTagScan.receivedFor(lowercased: $0) }
    ) -> String? {
        var lower = value.lowercased()
        let fast = lower.withUTF8 { bytes -> String?? in
            HeaderTagScan.applies(bytes) ? .some(ascii(bytes)) : nil
        }
        if let fast { return fast }
        guard let r = lower.range(of: " for ") ?? lower.range(of: "\tfor ") ?? lower.range(of: "\nfor ") else { return nil }
        var rest = lower[r.upperBound...].drop { $0 == " " || $0 == "<" }
        rest = rest.prefix { $0 != ">" && $0 != ";" && $0 != " " && $0 != "\r" && $0 != "\n" }
        let address = String(rest)
        guard let at = address.firstIndex(of: "@"), at != address.startIndex, address.index(after: at) != address.endIndex,
            address.utf8.count <= 254
        else { return nil }
        return address
    }

    /// `tag("d", in: decode(raw))` for a value that decodes quietly (``HeaderDecoding/decodesQuietly(_:)``),
    /// on its bytes as they came: such a value decodes to its bytes without CR, LF and NUL,
    /// and the tag scan skips CR and LF itself (`folded`), so without a NUL the decoded copy
    /// of a kilobyte-long signature is not made. A NUL takes the decoded way.
    static func dkimDomain(raw: UnsafeRawBufferPointer) -> String? {
        if raw.firstIndex(of: 0, from: 0) != nil {
            var none: Set<Anomaly> = []
            return tag("d", in: HeaderDecoding.decode(raw, anomalies: &none))
        }
        return HeaderTagScan.tag("d", in: raw.assumingMemoryBound(to: UInt8.self), folded: true)
    }

    /// The d= of one DKIM-Signature's raw value, as `add` read it when each came: on the bytes
    /// of a quiet value, else the tag of the decoded value.
    static func dkimDomain(of raw: UnsafeRawBufferPointer) -> String? {
        if HeaderDecoding.decodesQuietly(raw) { return dkimDomain(raw: raw) }
        var none: Set<Anomaly> = []
        return tag("d", in: HeaderDecoding.decode(raw, anomalies: &none))
    }

    /// The lowercased d= of each raw value that has one, at most 64, in order.
    static func dkimDomains(of raws: [[UInt8]]) -> [String] {
        var out: [String] = []
        for r in raws where out.count < 64 {
            if let d = r.withUnsafeBytes({ dkimDomain(of: $0) }) { out.append(d.lowercased()) }
        }
        return out
    }

    /// Value of a `tag=value;` tag list entry (DKIM-Signature), whitespace removed.
    static func tag(_ name: String, in value: String) -> String? {
        var value = value
        let fast = value.withUTF8 { bytes -> String?? in
            HeaderTagScan.applies(bytes) ? .some(HeaderTagScan.tag(name, in: bytes)) : nil
        }
        if let fast { return fast }
        for item in value.split(separator: ";") {
            guard let eq = item.firstIndex(of: "=") else { continue }
            if item[..<eq].trimmingCharacters().lowercased() == name {
                return String(item[item.index(after: eq)...].filter { !$0.isWhitespace })
            }
        }
        return nil
    }
}
