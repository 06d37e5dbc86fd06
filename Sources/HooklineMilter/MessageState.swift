import HooklineCore
import HooklineText
import HooklineEngine

/// One MTA connection. A connection carries any number of messages, so message
/// state lives in ``MessageState`` and is replaced at every MAIL FROM.
///
/// libmilter calls one connection's callbacks from one thread at a time, so the
/// session needs no lock of its own; it travels through `smfi_setpriv`.
final class MilterSession {
    let engines: EngineHolder
    let inFlight: InFlightMessages
    /// Protocol steps the MTA agreed not to wait for (the callback must answer SMFIS_NOREPLY).
    var noReplySteps = NoReplySteps()
    var mtaUnderstandsSkip = false
    var clientName: String?
    var clientAddress: String?
    private(set) var message: MessageState?

    init(engines: EngineHolder, inFlight: InFlightMessages) {
        self.engines = engines
        self.inFlight = inFlight
    }

    /// MAIL FROM: a new message starts, judged by the engine in force right now.
    func beginMessage(mailFrom: String?) {
        endMessage()
        var envelope = Envelope()
        envelope.clientAddress = clientAddress
        envelope.mailFrom = mailFrom.map(Self.bareAddress)
        message = MessageState(engine: engines.current, envelope: envelope)
        inFlight.begin()
    }

    /// The MTA hands envelope addresses over as written in SMTP, "<user@example.com>";
    /// the detector compares bare addresses and domains (a recipient's domain vouches for
    /// its own MX's Authentication-Results), as `hookline scan` reads them from headers.
    static func bareAddress(_ raw: String) -> String {
        var s = Substring(raw).drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        if s.first == "<" { s = s.dropFirst() }
        if s.last == ">" { s = s.dropLast() }
        return String(s)
    }

    /// EOM, ABORT or close. Idempotent: Postfix sends ABORT right after EOM.
    func endMessage() {
        guard message != nil else { return }
        message = nil
        inFlight.end()
    }

    /// A message step without a MAIL FROM seen (a broken or unusual MTA): start one
    /// anyway so the step is not lost; the envelope is simply empty.
    func messageForContent() -> MessageState {
        if let m = message { return m }
        beginMessage(mailFrom: nil)
        return message ?? MessageState(engine: engines.current, envelope: Envelope())
    }
}

struct NoReplySteps: Equatable {
    var connect = false, mail = false, rcpt = false, header = false, eoh = false, body = false
}

/// One message's state between MAIL FROM and its end.
final class MessageState {
    let engine: Engine
    private(set) var envelope: Envelope
    private var scan: MessageScan?
    /// Incoming fields a sender may not set (any `X-Hookline-*`, and the configured
    /// verdict header), counted per name: `smfi_chgheader` deletes by name and
    /// 1-based index, so a count per name is all EOM needs, however many copies come.
    private var forgedCounts: [String: (name: String, count: Int)] = [:]
    private var forgedOrder: [String] = []
    /// More distinct forged names than ``maxForgedNames``: the rest cannot be removed.
    private(set) var forgedOverflow = false
    static let maxForgedNames = 64
    /// The first Subject, unfolded and bounded, for the optional prefix.
    private(set) var subject: String?
    private(set) var bodyBytes = 0
    /// Set when something inside Hookline went wrong; EOM then applies `on_error`.
    private(set) var failure: String?

    init(engine: Engine, envelope: Envelope) {
        self.engine = engine
        self.envelope = envelope
    }

    func addRecipient(_ rcpt: String) {
        // Bounded: the envelope only feeds To/Cc-vs-RCPT evidence.
        if envelope.rcptTo.count < 1000 { envelope.rcptTo.append(MilterSession.bareAddress(rcpt)) }
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

    func header(name: String, value: UnsafeRawBufferPointer) {
        let lower = Self.fieldKey(name)
        if lower == "subject" {
            if subject == nil {
                let bounded = UnsafeRawBufferPointer(rebasing: value.prefix(engine.config.limits.maxHeaderBytes))
                subject = HeaderText.unfold(String(decoding: bounded, as: UTF8.self))
            }
        } else if lower.hasPrefix("x-hookline-") || lower == Self.fieldKey(engine.config.verdictHeader) {
            if let entry = forgedCounts[lower] {
                forgedCounts[lower] = (entry.name, entry.count + 1)
            } else if forgedOrder.count < Self.maxForgedNames {
                forgedCounts[lower] = (name, 1)
                forgedOrder.append(lower)
            } else {
                forgedOverflow = true
            }
        }
        scanner().header(name: name, value: value)
    }

    /// A field name as the MTA matches it for `smfi_chgheader`: ASCII letters folded,
    /// nothing else. Unicode lowercasing would merge names the MTA keeps apart (a
    /// Kelvin sign folds to "k") and so miscount the indices it deletes by.
    static func fieldKey(_ name: String) -> String {
        String(decoding: name.utf8.map(ASCII.lower), as: UTF8.self)
    }

    func endOfHeaders() { scanner().endOfHeaders() }

    /// Feeds a body chunk; false once more body cannot change the verdict.
    func body(_ chunk: UnsafeRawBufferPointer) -> Bool {
        let s = scanner()
        guard s.wantsMoreBody else { return false }
        let room = engine.config.limits.maxBodyBytes - bodyBytes
        guard room > 0 else { return false }
        let part = chunk.count <= room ? chunk : UnsafeRawBufferPointer(rebasing: chunk.prefix(room))
        bodyBytes += part.count
        s.body(part)
        return s.wantsMoreBody && bodyBytes < engine.config.limits.maxBodyBytes
    }

    func fail(_ cause: String) {
        if failure == nil { failure = cause }
    }

    func finish() -> Verdict { scanner().finish() }
}
