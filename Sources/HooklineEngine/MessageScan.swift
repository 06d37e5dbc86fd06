import Foundation
import HooklineCore
import HooklineText
import HooklineDetect
import HooklineOCR

/// One message's detector: the milter and `hookline scan` both drive this, so
/// every decision can be reproduced offline. Synchronous and total: message
/// bytes never make it throw or trap, and nothing here holds more than a
/// bounded window of the body.
public final class MessageScan {
    public let engine: Engine
    public private(set) var envelope: Envelope
    /// The header fields read so far and their bytes, reached through a pointer: as stored
    /// properties of this class every header's `head.pointee.features.add` and byte count was a dynamic
    /// exclusivity check (begin and end access), ~3.5 k instructions a message.
    private let head: UnsafeMutablePointer<HeaderState>
    private struct HeaderState {
        var features = HeaderFeatures()
        var bytes = 0
        /// The scan's limits, beside the fields they bound: passed from this class's stored
        /// property, they were copied for every header (a `memcpy`, and their list and string
        /// retained and released); a struct's own property is lent as it is.
        let limits: Limits

        mutating func add(name: String, value: UnsafeRawBufferPointer) -> TopFieldRead? {
            features.add(name: name, value: value, limits: limits)
        }
    }
    private let analyzer: TextAnalyzer
    private let mime: MIMEParser
    /// Body bytes looked at, against ``Limits/maxRawBodyBytes``.
    private var bodyBytes = 0
    private var reportedBodyBytes = 0
    private var anomalies: Set<Anomaly> = []
    private var stopped = false
    private let started = DispatchTime.now().uptimeNanoseconds
    private var finished: Verdict?
    /// The engine's, copied once: read through `engine.config` on every header and chunk,
    /// each call copied the whole `Limits` (retaining its arrays) and retained the name,
    /// ~260 instructions a header.
    private let limits: Limits
    /// The engine's, copied once for the same reason.
    private let ownHeaderNames: OwnHeaderNames

    public init(engine: Engine, envelope: Envelope) {
        self.engine = engine
        self.envelope = envelope
        limits = engine.config.limits
        ownHeaderNames = engine.ownHeaderNames
        head = .allocate(capacity: 1)
        head.initialize(to: HeaderState(limits: limits))
        head.pointee.features.keep(engine.rules.keptHeaderNames)
        let a = engine.analyzers.take()
        analyzer = a
        mime = MIMEParser(limits: limits, sink: a)
    }

    deinit {
        head.deinitialize(count: 1)
        head.deallocate()
        // The MIME parser, released after this, only holds the analyzer: nothing reaches it again.
        engine.analyzers.give(analyzer)
    }

    /// A top-level header; value bytes as the MTA sent them (folds as "\n" or "\r\n").
    public func header(name: String, value: UnsafeRawBufferPointer) {
        add(name: name, value: value, ours: ownHeaderNames.isOurs(name))
    }

    /// ``header(name:value:)`` for a caller that has already asked
    /// `engine.ownHeaderNames.isOurs(name)` (the milter, for its forged fields): `ours` must
    /// be that answer.
    public func header(name: String, value: UnsafeRawBufferPointer, ours: Bool) {
        add(name: name, value: value, ours: ours)
    }

    /// ``header(name:value:)`` of the name `String(decoding: name, as: UTF8.self)`, read on its
    /// bytes when they are all ASCII (no String made: `scan`'s splitter hands names over as bytes).
    public func header(nameBytes name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        guard let ours = ownHeaderNames.isOurs(asciiBytes: name) else {
            return header(name: String(decoding: name, as: UTF8.self), value: value)
        }
        header(nameBytes: name, value: value, ours: ours)
    }

    /// ``header(nameBytes:value:)`` for a caller that has already asked
    /// `engine.ownHeaderNames.isOurs(asciiBytes: name)` and had an answer (the milter): `ours`
    /// must be that answer.
    public func header(nameBytes name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, ours: Bool) {
        guard let read = ours ? .some(nil) : head.pointee.features.add(asciiName: name, value: value, limits: limits)
        else { return add(name: String(decoding: name, as: UTF8.self), value: value, ours: ours) }
        head.pointee.bytes += name.count + value.count + 2
        if ours { return }
        mime.header(name: String(decoding: name, as: UTF8.self), value: value, read: read)
    }

    /// The body of both: inlined into each, so `scan`'s headers take no extra call.
    @inline(__always)
    private func add(name: String, value: UnsafeRawBufferPointer, ours: Bool) {
        head.pointee.bytes += name.utf8.count + value.count + 2
        // Our own fields are never evidence: the milter removes them anyway.
        if ours { return }
        let read = head.pointee.add(name: name, value: value)
        mime.header(name: name, value: value, read: read)
    }

    public func endOfHeaders() {
        // Delivered-To (or the receiving side's Received "for") and Return-Path stand in for
        // the envelope when scanning files. A file that names its recipient nowhere else was
        // most likely saved from the mailbox in To or Cc: the milter always has RCPT TO, so
        // only offline scans take this guess.
        if envelope.rcptTo.isEmpty {
            envelope.recipientsFromHeaders = true
            if let d = head.pointee.features.deliveredTo ?? head.pointee.features.xOriginalTo ?? head.pointee.features.receivedFor {
                envelope.rcptTo = [d]
            } else {
                let guessed = Array((head.pointee.features.to + head.pointee.features.cc).map(\.address).filter { !$0.isEmpty }.prefix(8))
                envelope.rcptTo = SavedMessageReader.recipients(guessed: guessed, headers: head.pointee.features)
            }
        }
        if envelope.mailFrom == nil, let rp = head.pointee.features.returnPath { envelope.mailFrom = rp }
        // The mailbox and the MX that received it say where the reader is; From and Reply-To
        // only where the sender claims to be.
        // Recipients, Delivered-To, X-Original-To, then the trusted hosts in header order,
        // appended into one array sized once (the concatenations and `compactMap`s made five
        // arrays, and the filter read the trusted set through `engine.config` per header).
        let results = head.pointee.features.authenticationResults
        let trusted = engine.config.trustedAuthservIds
        var recipient: [String] = []
        recipient.reserveCapacity(envelope.rcptTo.count + 2 + results.count)
        recipient.append(contentsOf: envelope.rcptTo)
        if let d = head.pointee.features.deliveredTo { recipient.append(d) }
        if let x = head.pointee.features.xOriginalTo { recipient.append(x) }
        for k in results.indices where trusted.contains(results[k].authservId) { recipient.append(results[k].authservId) }
        var sender: [String] = []
        sender.reserveCapacity(2)
        if let a = head.pointee.features.from?.address { sender.append(a) }
        if let a = head.pointee.features.replyTo?.address { sender.append(a) }
        analyzer.setAddressRegionHints(
            recipient: RegionHints.fromAddresses(recipient),
            sender: RegionHints.fromAddresses(sender))
        // The Subject and the From and Sender display names are not emitted here: the MIME
        // parser wrote them into the text in header order (``TopFieldRead``). Emitted here as
        // well, each went through the analyzer twice (~50 k instructions a message in the
        // daemon), and its phrases and numbers were counted twice, filling the first
        // occurrences that rules and evidence read.
        mime.endOfHeaders()
    }

    /// The only place the body and time limits (``Limits/maxRawBodyBytes``,
    /// ``Limits/maxScanMillis``, and the parser's ``Limits/maxBodyBytes`` of bytes
    /// read) turn into a stop, for the milter and `scan` alike: the milter hands
    /// over every chunk it gets and only asks ``wantsMoreBody`` (to answer
    /// SMFIS_SKIP), so `body-limit-reached` and `scan-time-limit` fire the same way
    /// in both. Bytes offered once nothing more can change the verdict are not
    /// read, as an MTA that honours SKIP would not send them.
    public func body(_ chunk: UnsafeRawBufferPointer) {
        // The size reported in the verdict counts what was offered, up to the limit.
        reportedBodyBytes += min(chunk.count, max(0, limits.maxRawBodyBytes - reportedBodyBytes))
        guard wantsMoreBody else { return }
        var slice = chunk
        if chunk.count > limits.maxRawBodyBytes - bodyBytes {
            slice = UnsafeRawBufferPointer(rebasing: chunk[0..<max(0, limits.maxRawBodyBytes - bodyBytes)])
            anomalies.insert(.bodyLimitReached)
            stopped = true
        }
        bodyBytes += slice.count
        if !slice.isEmpty { mime.body(slice) }
        if mime.readLimitReached {
            anomalies.insert(.bodyLimitReached)
            stopped = true
        }
        if elapsedMillis > limits.maxScanMillis {
            anomalies.insert(.scanTimeLimit)
            stopped = true
        }
    }

    /// False once further body bytes cannot change the verdict: a limit was reached,
    /// or only bytes the parser skips remain (lets the milter return SMFIS_SKIP).
    public var wantsMoreBody: Bool { !stopped && mime.wantsMoreBody }

    public var elapsedMillis: Int { Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) }
    public var elapsedMicros: Int { Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000) }

    public func finish() -> Verdict {
        if let finished { return finished }
        mime.finish()
        readImages()
        let findings = analyzer.finish()
        var all = anomalies.union(mime.anomalies).union(head.pointee.features.anomalies).union(findings.anomalies)
        if head.pointee.features.headerCount > limits.maxHeaders { all.insert(.tooManyHeaders) }
        // The header fields are moved into the features, not copied: nothing reads them here
        // after this (the verdict is cached), and a copy retained every mailbox, list and
        // string of them, and released them again with this scan.
        var headers = HeaderFeatures()
        swap(&headers, &head.pointee.features)
        // Made inside the evaluator and read from it for the verdict: one copy, not two (a
        // copy of every field, and its destruction, ~2.6 k instructions a message).
        var evaluator = RuleEvaluator(
            features: MessageFeatures(
                headers: consume headers, envelope: envelope, findings: findings,
                anomalies: all, rules: engine.rules, trustedAuthservIds: engine.config.trustedAuthservIds,
                trustRecipientDomain: engine.config.trustRecipientDomain),
            rules: engine.rules)
        let hits = evaluator.hits(flat: !engine.evaluatesConditionTrees, gated: engine.gatesRules)
        var verdict = Verdict.decide(
            hits: hits, groups: engine.rules.groups, features: evaluator.features, policy: engine.policy,
            bytes: head.pointee.bytes + reportedBodyBytes)
        verdict.imageTexts = imageTexts
        verdict.ocrMillis = ocrMillis
        verdict.messageId = evaluator.features.headers.messageId
        verdict.elapsedMicros = elapsedMicros
        finished = verdict
        return verdict
    }

    /// Milliseconds OCR spent per image of this message (empty when none was read).
    public private(set) var ocrMillis: [Int] = []
    private var imageTexts: [String] = []

    /// Views whose length says whether the message already speaks in text.
    private static let visibleViews: [TextView] = [.plain, .html, .calendar, .attachment]

    /// Views whose words may send the reader to the attachment (not hidden text, link
    /// targets or file names).
    private static let triggerViews: Set<TextView> = [.subject, .plain, .html, .calendar, .attachment]

    /// OCR at the end of the message, where every part's text is known: images are read
    /// beside a short text (a lure in a picture), or beside any text that sends the reader
    /// to the attachment (`ocr.trigger_lexicon`); their text joins the same analyzer as a
    /// view of its own before the findings are taken, so phones, lexicons and rules treat
    /// it like any other text. Logos, spacers and tracking pixels never got this far.
    private func readImages() {
        let limits = self.limits
        let images = mime.images
        guard limits.ocrEnabled, !images.isEmpty else { return }
        let visible = Self.visibleViews.reduce(0) { $0 + (analyzer.bytesByView[$1] ?? 0) }
        guard visible < limits.ocrMaxTextBytes || pointsToAttachment(limits) else { return }
        let reading = ImageReader.read(images.map(\.bytes), limits: limits)
        anomalies.formUnion(reading.anomalies)
        ocrMillis = reading.millis
        for text in reading.texts { analyzer.emit(.image, text) }
        imageTexts = reading.texts
    }

    /// Whether the text so far holds a phrase of the trigger lexicon. Decided from that
    /// lexicon's matches, so the languages are the rule files' and not the code's.
    private func pointsToAttachment(_ limits: Limits) -> Bool {
        guard let name = limits.ocrTriggerLexicon,
            let lexicon = engine.rules.lexicons.firstIndex(where: { $0.name == name })
        else { return false }
        analyzer.settle()  // a phrase that ends the text is confirmed by the separator
        let owners = engine.rules.lexiconOfPattern
        return analyzer.matchesSoFar.contains { m in
            Self.triggerViews.contains(m.view) && Int(m.id) < owners.count && owners[Int(m.id)] == lexicon
        }
    }
}
