import HooklineCore

/// One method result inside an Authentication-Results header (RFC 8601).
public struct AuthMethodResult: Sendable, Equatable {
    public var method: String  // "dkim", "spf", "dmarc", "arc", ...
    public var result: String  // "pass", "fail", ...
    /// Properties such as "header.d", "header.i", "header.from", "smtp.mailfrom", lowercased keys.
    public var properties: [String: String]
    public init(method: String, result: String, properties: [String: String]) {
        self.method = method; self.result = result; self.properties = properties
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

    private static func domain(of address: String) -> String {
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
    public var receivedFor: String?
    private var receivedSeen = 0
    /// How many of the topmost Received fields may name the recipient (MX, content filter, LMTP).
    static let receivingHops = 3
    public var hasResentHeaders = false
    public var hasMailingListHeaders = false  // List-Post, List-Unsubscribe, Mailing-list, X-BeenThere, ...
    public var authenticationResults: [AuthenticationResults] = []
    /// d= of every DKIM-Signature (lowercased); signatures are never verified here.
    public var dkimDomains: [String] = []
    public var messageId: String?
    public var headerCount = 0
    public var anomalies: Set<Anomaly> = []
    /// Every header (lowercased name, decoded value) for rule patterns; bounded by Limits.maxHeaders.
    /// With ``keptNames`` set, only the fields it names and those read below.
    public var all: [(name: String, value: String)] = []
    /// The header names rules look at (lowercased); nil keeps every field in `all`. A field
    /// neither kept nor read here is not decoded at all when decoding could raise no
    /// anomaly (ASCII without an encoded word): ARC seals, vendor X- fields and the like
    /// are most of a message's header bytes, and nothing reads their text.
    public var keptNames: Set<String>?

    /// The fields `add` reads itself.
    static let readNames: Set<String> = [
        "from", "sender", "x-original-from", "x-original-sender", "reply-to", "to", "cc", "subject", "return-path", "list-id",
        "x-original-to", "delivered-to", "list-post", "list-help", "list-subscribe", "list-archive", "list-owner",
        "mailing-list", "x-beenthere", "x-mailman-version", "x-list-administrivia", "precedence",
        "authentication-results", "dkim-signature", "message-id", "received",
    ]

    public init() {}
    /// Longest decoded value kept in `all`; rules match prefixes, and this caps memory.
    public static let maxStoredValueBytes = 4096

    public mutating func add(name: String, value: UnsafeRawBufferPointer, limits: Limits) {
        headerCount += 1
        if headerCount > limits.maxHeaders { anomalies.insert(.tooManyHeaders); return }
        var raw = value
        if raw.count > limits.maxHeaderBytes {
            anomalies.insert(.headerTooLong)
            raw = UnsafeRawBufferPointer(rebasing: raw[0..<limits.maxHeaderBytes])
        }
        let lname = name.lowercased()
        if lname.isEmpty || lname.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3A }) {
            anomalies.insert(.malformedHeader)
        }
        if let kept = keptNames, !kept.contains(lname), !Self.readNames.contains(lname), !lname.hasPrefix("resent-"),
            HeaderDecoding.decodesQuietly(raw)
        {
            return
        }
        let bytes = Array(raw)
        var decoded = HeaderDecoding.decode(bytes, anomalies: &anomalies)
        let trimmed = decoded.trimmingCharacters()
        switch lname {
        case "from": from = AddressParser.parse(bytes, anomalies: &anomalies).first
        case "sender": sender = AddressParser.parse(bytes, anomalies: &anomalies).first
        case "x-original-from": originalFrom = AddressParser.parse(bytes, anomalies: &anomalies).first
        case "x-original-sender": originalSender = AddressParser.parse(bytes, anomalies: &anomalies).first
        case "reply-to": replyTo = AddressParser.parse(bytes, anomalies: &anomalies).first
        case "to": append(&to, AddressParser.parse(bytes, anomalies: &anomalies))
        case "cc": append(&cc, AddressParser.parse(bytes, anomalies: &anomalies))
        case "subject": subject = HeaderDecoding.collapseWhitespace(decoded)
        case "return-path": returnPath = HeaderFeatures.angleContent(trimmed).lowercased()
        case "list-id":
            listId = HeaderFeatures.angleContent(trimmed).lowercased()
            hasMailingListHeaders = true
        case "x-original-to": xOriginalTo = trimmed.lowercased()
        case "delivered-to": deliveredTo = trimmed.lowercased()
        // List-Unsubscribe is not among them: every bulk sender and notification platform
        // writes it (RFC 8058 one-click), so it says nothing about a list relaying the message.
        case "list-post", "list-help", "list-subscribe", "list-archive", "list-owner",
            "mailing-list", "x-beenthere", "x-mailman-version", "x-list-administrivia":
            hasMailingListHeaders = true
        case "precedence":
            if trimmed.lowercased() == "list" { hasMailingListHeaders = true }
        case "authentication-results":
            if authenticationResults.count < 64, let ar = AuthenticationResultsParser.parse(decoded) {
                authenticationResults.append(ar)
            }
        case "dkim-signature":
            if dkimDomains.count < 64, let d = HeaderFeatures.tag("d", in: decoded) { dkimDomains.append(d.lowercased()) }
        case "message-id": messageId = trimmed
        case "received":
            // Only the top of the chain was written by the receiving side: the MX that took
            // the message names the recipient, the LMTP or amavis hops above it often do not.
            // Deeper fields were written by whoever sent it.
            if receivedSeen < HeaderFeatures.receivingHops && receivedFor == nil {
                receivedFor = HeaderFeatures.receivedFor(decoded)
            }
            receivedSeen += 1
        default:
            if lname.hasPrefix("resent-") { hasResentHeaders = true }
        }
        if decoded.utf8.count > HeaderFeatures.maxStoredValueBytes {
            decoded = String(decoding: decoded.utf8.prefix(HeaderFeatures.maxStoredValueBytes), as: UTF8.self)
        }
        all.append((name: lname, value: decoded))
    }

    private func append(_ list: inout [Mailbox], _ more: [Mailbox]) {
        let room = AddressParser.maxMailboxes - list.count
        if room > 0 { list.append(contentsOf: more.prefix(room)) }
    }

    /// "Name <x@y>" → "x@y"; a value without brackets is returned whole.
    static func angleContent(_ s: String) -> String {
        guard let lt = ASCII.lastIndex(of: "<", in: s) else { return s }
        let rest = s[s.index(after: lt)...]
        return String(rest.prefix { $0 != ">" }).trimmingCharacters()
    }

    /// "from a by b ... for <user@example.org>; date" → "user@example.org".
    static func receivedFor(_ value: String) -> String? {
        var lower = value.lowercased()
        let fast = lower.withUTF8 { bytes -> String?? in
            HeaderTagScan.applies(bytes) ? .some(HeaderTagScan.receivedFor(lowercased: bytes)) : nil
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
