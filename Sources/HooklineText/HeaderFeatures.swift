import HooklineCore

/// One method result inside an Authentication-Results header (RFC 8601).
public struct AuthMethodResult: Sendable, Equatable {
    public var method: String        // "dkim", "spf", "dmarc", "arc", ...
    public var result: String        // "pass", "fail", ...
    /// Properties such as "header.d", "header.i", "header.from", "smtp.mailfrom", lowercased keys.
    public var properties: [String: String]
    public init(method: String, result: String, properties: [String: String]) {
        self.method = method; self.result = result; self.properties = properties
    }
}

/// One Authentication-Results header: who wrote it and what it says.
public struct AuthenticationResults: Sendable, Equatable {
    public var authservId: String    // lowercased
    public var results: [AuthMethodResult]
    public init(authservId: String, results: [AuthMethodResult]) {
        self.authservId = authservId; self.results = results
    }
}

/// A mailbox from an address header.
public struct Mailbox: Sendable, Equatable {
    public var displayName: String   // RFC 2047 decoded
    public var address: String       // lowercased local@domain, may be ""
    public var domain: String { address.split(separator: "@").last.map(String.init) ?? "" }
    public init(displayName: String, address: String) {
        self.displayName = displayName; self.address = address
    }
}

/// What the top-level headers say, accumulated one header at a time (STUB — owned by the text work).
public struct HeaderFeatures: Sendable {
    public var from: Mailbox?
    public var sender: Mailbox?
    public var replyTo: Mailbox?
    public var to: [Mailbox] = []
    public var cc: [Mailbox] = []
    public var returnPath: String?
    public var subject: String = ""
    public var listId: String?
    public var xOriginalTo: String?
    public var deliveredTo: String?
    public var hasResentHeaders = false
    public var hasMailingListHeaders = false   // List-Post, List-Unsubscribe, Mailing-list, X-BeenThere, ...
    public var authenticationResults: [AuthenticationResults] = []
    /// d= of every DKIM-Signature (lowercased); signatures are never verified here.
    public var dkimDomains: [String] = []
    public var messageId: String?
    public var headerCount = 0
    public var anomalies: Set<Anomaly> = []
    /// Every header (lowercased name, decoded value) for rule patterns; bounded by Limits.maxHeaders.
    public var all: [(name: String, value: String)] = []

    public init() {}
    public mutating func add(name: String, value: UnsafeRawBufferPointer, limits: Limits) {}
}
