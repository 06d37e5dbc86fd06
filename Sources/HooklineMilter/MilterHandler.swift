import HooklineCore
import HooklineEngine

/// One MTA connection, one method per milter stage, in plain Swift: what the
/// milter decides, apart from how libmilter delivers it. The callback file only
/// converts C arguments and results; tests and the fuzz harness drive this type
/// with a recording ``MilterContext`` and need neither libmilter nor an MTA.
///
/// A connection carries any number of messages, so message state lives in
/// ``MessageState`` and is replaced at every MAIL FROM. libmilter calls one
/// connection's callbacks from one thread at a time, so there is no lock here.
/// Nothing here traps on message bytes: a trap in a callback kills every connection.
final class MilterHandler {
    typealias LogSink = (Log.Level, String) -> Void

    let engines: EngineHolder
    let inFlight: InFlightMessages
    let bodyReply: BodyReplyMode
    /// Counts messages and connections when `metrics.listen` is set; nil costs nothing.
    let metrics: HooklineMetrics?
    private let log: LogSink
    /// This connection is in `hookline_connections_open`, to be taken out once at close.
    private var connectionCounted = false
    private(set) var negotiation = Negotiation.none
    private(set) var clientName: String?
    private(set) var clientAddress: String?
    private(set) var message: MessageState?
    /// What the last end of message decided, for tests and the fuzz harness.
    private(set) var lastPlan: EndOfMessagePlan?
    private(set) var lastVerdict: Verdict?
    /// The verdict header's name made of the configured one (``EndOfMessagePlan/headerName(_:)``),
    /// kept for the connection's next messages: made anew, the constant was sanitized and
    /// filtered at every end of message (~0.7 k instructions). Kept with the configured
    /// name it was made of, so a reload that changes it makes it again.
    private var verdictHeaderName: (configured: String, name: String)?

    /// The macro that carries the queue id.
    static let queueIdMacro = "i"

    init(
        engines: EngineHolder, inFlight: InFlightMessages, bodyReply: BodyReplyMode = .noReply,
        metrics: HooklineMetrics? = nil, log: @escaping LogSink = { Log.log($0, $1) }
    ) {
        self.engines = engines
        self.inFlight = inFlight
        self.bodyReply = bodyReply
        self.metrics = metrics
        self.log = log
    }

    // MARK: stages

    /// Returns what to ask the MTA for. A stopping daemon takes no new connections:
    /// the MTA applies its milter default action.
    func negotiate(
        offeredActions: MilterActions, offeredSteps: MilterSteps,
        context: MilterContext
    ) -> (reply: MilterReply, negotiation: Negotiation) {
        if inFlight.isDraining { return (.tempfail, negotiation) }
        negotiation = .answer(offeredActions: offeredActions, offeredSteps: offeredSteps, bodyReply: bodyReply)
        if negotiation.symbolList {
            // Postfix may only know the queue id after DATA: ask for it where we read it.
            _ = context.requestMacros(Self.queueIdMacro, at: .endOfHeaders)
            _ = context.requestMacros(Self.queueIdMacro, at: .endOfMessage)
        }
        return (.continue, negotiation)
    }

    func connect(hostname: String?, address: String?) -> MilterReply {
        clientName = hostname
        clientAddress = address ?? hostname
        if !connectionCounted, let metrics {
            connectionCounted = true
            metrics.connectionOpened()
        }
        return negotiation.reply(.noReplyConnect)
    }

    /// MAIL FROM: a new message starts, judged by the engine in force right now.
    func mailFrom(_ sender: String?, context: MilterContext) -> MilterReply {
        beginMessage(mailFrom: sender)
        message?.setQueueId(context.macro(Self.queueIdMacro))
        return negotiation.reply(.noReplyMail)
    }

    func rcpt(_ recipient: String?) -> MilterReply {
        if let recipient { messageForContent().addRecipient(recipient) }
        return negotiation.reply(.noReplyRcpt)
    }

    func header(name: String, value: UnsafeRawBufferPointer) -> MilterReply {
        messageForContent().header(name: name, value: value)
        return negotiation.reply(.noReplyHeader)
    }

    /// ``header(name:value:)`` of the name's bytes as the MTA sent them (`String(cString:)`
    /// of them is that name).
    func header(nameBytes: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> MilterReply {
        withMessage { $0.header(nameBytes: nameBytes, value: value) }
        return negotiation.reply(.noReplyHeader)
    }

    func endOfHeaders(context: MilterContext) -> MilterReply {
        let m = messageForContent()
        m.setQueueId(context.macro(Self.queueIdMacro))
        m.endOfHeaders()
        return negotiation.reply(.noReplyEndOfHeaders)
    }

    /// The scan decides how much body it reads; this only turns "no more" into SKIP
    /// when the MTA understands it and waits for an answer.
    func body(_ chunk: UnsafeRawBufferPointer) -> MilterReply {
        let wantsMore = withMessage { $0.body(chunk) }
        if negotiation.steps.contains(.noReplyBody) { return .noReply }
        return !wantsMore && negotiation.steps.contains(.skip) ? .skip : .continue
    }

    /// Decides, carries the modifications out through `context`, logs, and answers.
    /// A modification the MTA refuses turns the outcome into `on_error`.
    func endOfMessage(context: MilterContext) -> MilterReply {
        let m = messageForContent()
        defer { endMessage() }
        m.setQueueId(context.macro(Self.queueIdMacro))
        let qid = m.envelope.queueId ?? "NOQUEUE"

        var plan = EndOfMessagePlan.decide(
            for: m, queueId: qid, client: clientAddress, headerName: headerName(m.engine.config.verdictHeader))
        lastVerdict = m.failure == nil ? m.finish() : nil  // finish() is cached: no second scan
        if m.forgedOverflow {
            log(
                .warning,
                "queue=\(qid) more than \(MessageState.maxForgedNames) distinct X-Hookline-* header names; only those were removed")
        }
        if let failed = plan.apply(to: context) {
            plan = .failure(cause: failed, config: m.engine.config, forged: [], queueId: qid)
        }
        lastPlan = plan
        if let line = plan.logLine {
            switch plan.reply {
            case .accept, .tempfail: log(.error, line)  // only `on_error` produces these
            default: log(.info, line)
            }
        }
        if case let .reject(code, enhanced, text) = plan.reply,
            !context.setReply(code: code, enhanced: enhanced, text: text)
        {
            log(.warning, "queue=\(qid) smfi_setreply failed; the MTA uses its own 5xx text")
        }
        // Counted from the final plan, so a modification the MTA refused counts as the
        // on_error outcome it became, exactly as the log line says.
        metrics?.message(
            HooklineMetrics.outcome(reply: plan.reply, verdict: lastVerdict),
            verdict: lastVerdict, seconds: m.scanSeconds)
        return plan.reply
    }

    /// The MTA gave up on the message (Postfix also sends this after every EOM).
    func abort() -> MilterReply {
        endMessage()
        return .continue
    }

    /// The connection ends; a message still open counts as finished.
    func close() {
        endMessage()
        if connectionCounted {
            connectionCounted = false
            metrics?.connectionClosed()
        }
    }

    /// End of message on a connection libmilter lost track of: nothing was judged,
    /// so `on_error` of the engine in force applies.
    static func endOfMessageWithoutHandler(
        engine: Engine?, metrics: HooklineMetrics? = nil,
        log: LogSink = { Log.log($0, $1) }
    ) -> MilterReply {
        let policy = engine?.config.onError ?? .accept
        log(.error, "queue=NOQUEUE internal error: no session at end of message; on_error=\(policy.rawValue)")
        metrics?.message(policy == .tempfail ? .onErrorTempfail : .onErrorAccept, verdict: nil, seconds: nil)
        return policy == .tempfail ? .tempfail : .accept
    }

    /// ``EndOfMessagePlan/headerName(_:)`` of `configured`, made once a connection.
    private func headerName(_ configured: String) -> String {
        if let kept = verdictHeaderName, kept.configured == configured { return kept.name }
        let name = EndOfMessagePlan.headerName(configured)
        verdictHeaderName = (configured, name)
        return name
    }

    // MARK: message lifetime

    private func beginMessage(mailFrom: String?) {
        endMessage()
        var envelope = Envelope()
        envelope.clientAddress = clientAddress
        envelope.mailFrom = mailFrom.map(MessageState.bareAddress)
        message = MessageState(engine: engines.current, envelope: envelope)
        inFlight.begin()
    }

    /// EOM, ABORT or close. Idempotent: Postfix sends ABORT right after EOM.
    private func endMessage() {
        guard message != nil else { return }
        message = nil
        inFlight.end()
    }

    /// ``messageForContent()`` lent to `body`, without the retain and release of returning it
    /// (a pair a header and a body chunk). Safe: `message` holds it, and nothing `body` does
    /// to a message (its header and body steps) reaches back to replace it.
    @inline(__always)
    private func withMessage<R>(_ body: (MessageState) -> R) -> R {
        if let m = message.map(Unmanaged.passUnretained) { return m._withUnsafeGuaranteedRef(body) }
        return body(messageForContent())
    }

    /// A message step without a MAIL FROM seen (a broken or unusual MTA): start one
    /// anyway so the step is not lost; the envelope is simply empty.
    private func messageForContent() -> MessageState {
        if let m = message { return m }
        beginMessage(mailFrom: nil)
        return message ?? MessageState(engine: engines.current, envelope: Envelope())
    }
}
