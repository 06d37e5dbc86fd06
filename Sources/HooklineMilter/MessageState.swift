import HooklineCore
import HooklineText
import HooklineEngine

/// One message's state between MAIL FROM and its end: the envelope, the scan, and
/// what end of message needs besides the verdict (forged fields, the Subject).
final class MessageState {
    let engine: Engine
    private(set) var envelope: Envelope
    private var scan: MessageScan?
    /// Incoming fields a sender may not set (``OwnHeaderFields``), counted per name:
    /// `smfi_chgheader` deletes by name and 1-based index, so a count per name is all
    /// EOM needs, however many copies come.
    private var forgedCounts: [String: (name: String, count: Int)] = [:]
    private var forgedOrder: [String] = []
    /// More distinct forged names than ``maxForgedNames``: the rest cannot be removed.
    private(set) var forgedOverflow = false
    static let maxForgedNames = 64
    /// Envelope recipients kept; `hookline scan --rcpt` keeps as many (``FileScan/maxRecipients``).
    static let maxRecipients = 1000
    /// Whether the message has a Subject (where the prefix goes: changed, or added).
    private(set) var hasSubject = false
    /// The first Subject, unfolded and bounded, for the optional prefix; only made when a
    /// prefix is configured (unfolding every message's Subject for a prefix that is never
    /// written cost ~2 k instructions a message), nil otherwise.
    private(set) var subject: String?
    /// Whether `subject_prefix` is set, so the Subject is wanted.
    private let wantsSubject: Bool
    /// Set when something inside Hookline went wrong; EOM then applies `on_error`.
    private(set) var failure: String?

    /// The engine's, copied once per message: read through `engine` at every header, its
    /// name and folded bytes were retained and released each time.
    private let ownHeaderNames: OwnHeaderNames

    init(engine: Engine, envelope: Envelope) {
        self.engine = engine
        self.envelope = envelope
        wantsSubject = !(engine.config.subjectPrefix ?? "").isEmpty
        ownHeaderNames = engine.ownHeaderNames
    }

    /// The Subject as ``EndOfMessagePlan/make`` takes it: nil without one; with one, its
    /// text when a prefix is configured (the only case where the plan reads more than
    /// whether it exists).
    var subjectForPlan: String? { hasSubject ? subject ?? "" : nil }

    /// See ``Envelope/bareAddress(_:)``: shared with `hookline scan --rcpt/--from`.
    static func bareAddress(_ raw: String) -> String { Envelope.bareAddress(raw) }

    func addRecipient(_ rcpt: String) {
        // Bounded: the envelope only feeds To/Cc-vs-RCPT evidence.
        if envelope.rcptTo.count < Self.maxRecipients { envelope.rcptTo.append(Self.bareAddress(rcpt)) }
    }

    func setQueueId(_ id: String?) {
        if let id, !id.isEmpty { envelope.queueId = id }
    }

    /// The scan is built at the first content step, once the whole envelope is known.
    private func scanner() -> MessageScan {
        if let scan { return scan }
        let s = MessageScan(engine: engine, envelope: envelope)
        scan = s
        return s
    }

    /// (name, index) of every forged field, in arrival order per name.
    var forgedHeaders: [(name: String, index: Int)] {
        forgedOrder.flatMap { key -> [(name: String, index: Int)] in
            guard let entry = forgedCounts[key] else { return [] }
            return (1...max(1, entry.count)).map { (entry.name, $0) }
        }
    }

    /// ``header(name:value:)`` of `String(decoding: name, as: UTF8.self)` (what
    /// `String(cString:)` makes of the MTA's name): an ASCII name that is not ours is read on
    /// its bytes, with no String made (~6 k instructions a message); any other name takes
    /// the String way, forged fields counted by their names there.
    func header(nameBytes name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let ours = engine.ownHeaderNames.isOurs(asciiBytes: name), !ours else {
            return header(name: String(decoding: name, as: UTF8.self), value: value)
        }
        if Self.isSubject(asciiBytes: name) { sawSubject(value) }
        scanner().header(nameBytes: name, value: value, ours: false)
    }

    /// The first Subject is kept when the config prefixes subjects.
    private func sawSubject(_ value: UnsafeRawBufferPointer) {
        if !hasSubject {
            hasSubject = true
            if wantsSubject {
                let bounded = UnsafeRawBufferPointer(rebasing: value.prefix(engine.config.limits.maxHeaderBytes))
                subject = HeaderText.unfold(bounded)
            }
        }
    }

    /// ``isSubject(_:)`` of an ASCII name's bytes.
    static func isSubject(asciiBytes n: UnsafeRawBufferPointer) -> Bool {
        guard n.count == 7 else { return false }
        let subject: StaticString = "subject"
        return subject.withUTF8Buffer { s in
            for i in 0..<7 where ASCII.lower(n[i]) != s[i] { return false }
            return true
        }
    }

    func header(name: String, value: UnsafeRawBufferPointer) {
        // Asked once here and handed to the scan, which would ask it again.
        let ours = ownHeaderNames.isOurs(name)
        if Self.isSubject(name) {
            sawSubject(value)
        } else if ours {
            let key = OwnHeaderFields.key(name)
            if let entry = forgedCounts[key] {
                forgedCounts[key] = (entry.name, entry.count + 1)
            } else if forgedOrder.count < Self.maxForgedNames {
                forgedCounts[key] = (name, 1)
                forgedOrder.append(key)
            } else {
                forgedOverflow = true
            }
        }
        scanner().header(name: name, value: value, ours: ours)
    }

    /// `OwnHeaderFields.key(name) == "subject"`, asked of every header: an ASCII name is
    /// compared byte by byte (for ASCII, String equality is byte equality) instead of
    /// folding it into a new String; any other name takes the folded comparison.
    ///
    /// A name of other than seven bytes is not even looked at (~160 instructions a header
    /// before): `key` keeps the byte count, and String equality with "subject" needs seven
    /// scalars that decompose canonically into exactly its letters; no scalar outside ASCII
    /// decomposes canonically into a lower-case ASCII letter (the only ones onto ASCII are
    /// U+037E onto ";" and U+212A onto "K"), nor into more than one base character.
    static func isSubject(_ name: String) -> Bool {
        guard name.utf8.count == 7 else { return false }
        // Read in place (a native String always has contiguous UTF-8): `withUTF8` needs a
        // mutable copy, a retain and release of the name at every header.
        let ascii: Bool?? = name.utf8.withContiguousStorageIfAvailable { n -> Bool? in
            for b in n where b >= 0x80 { return nil }
            guard n.count == 7 else { return false }
            let subject: StaticString = "subject"
            return subject.withUTF8Buffer { s in
                for i in 0..<7 where ASCII.lower(n[i]) != s[i] { return false }
                return true
            }
        }
        return (ascii ?? nil) ?? (OwnHeaderFields.key(name) == "subject")
    }

    func endOfHeaders() { scanner().endOfHeaders() }

    /// Feeds a body chunk whole: the scan alone enforces the body and time limits.
    /// Returns false once more body cannot change the verdict.
    func body(_ chunk: UnsafeRawBufferPointer) -> Bool {
        let s = scanner()
        s.body(chunk)
        return s.wantsMoreBody
    }

    func fail(_ cause: String) {
        if failure == nil { failure = cause }
    }

    func finish() -> Verdict { scanner().finish() }

    /// Seconds since the scan began (its first content step), or nil if none began.
    var scanSeconds: Double? { scan.map { Double($0.elapsedMicros) / 1_000_000 } }
}
