import Foundation
import HooklineCore
import HooklineText
import HooklineDetect

/// One message's detector: the milter and `hookline scan` both drive this, so
/// every decision can be reproduced offline. Synchronous and total: message
/// bytes never make it throw or trap, and nothing here holds more than a
/// bounded window of the body.
public final class MessageScan {
    public let engine: Engine
    public private(set) var envelope: Envelope
    private var headers = HeaderFeatures()
    private let analyzer: TextAnalyzer
    private let mime: MIMEParser
    private var bodyBytes = 0
    private var headerBytes = 0
    private var anomalies: Set<Anomaly> = []
    private var stopped = false
    private let started = DispatchTime.now().uptimeNanoseconds
    private var finished: Verdict?

    public init(engine: Engine, envelope: Envelope) {
        self.engine = engine
        self.envelope = envelope
        let a = TextAnalyzer(patterns: engine.rules.streamDB, limits: engine.config.limits)
        analyzer = a
        mime = MIMEParser(limits: engine.config.limits, sink: a)
    }

    /// A top-level header; value bytes as the MTA sent them (folds as "\n" or "\r\n").
    public func header(name: String, value: UnsafeRawBufferPointer) {
        headerBytes += name.utf8.count + value.count + 2
        // Our own verdict header is never evidence: the milter removes it anyway.
        if name.lowercased().hasPrefix("x-hookline-") { return }
        headers.add(name: name, value: value, limits: engine.config.limits)
        mime.header(name: name, value: value)
    }

    public func endOfHeaders() {
        // Delivered-To / Return-Path stand in for the envelope when scanning files.
        if envelope.rcptTo.isEmpty {
            if let d = headers.deliveredTo ?? headers.xOriginalTo { envelope.rcptTo = [d] }
        }
        if envelope.mailFrom == nil, let rp = headers.returnPath { envelope.mailFrom = rp }
        // The mailbox and the MX that received it say where the reader is; From and Reply-To
        // only where the sender claims to be.
        let trustedHosts = headers.authenticationResults.map(\.authservId)
            .filter { engine.config.trustedAuthservIds.contains($0) }
        let recipient = envelope.rcptTo + [headers.deliveredTo, headers.xOriginalTo].compactMap { $0 } + trustedHosts
        let sender = [headers.from?.address, headers.replyTo?.address].compactMap { $0 }
        analyzer.setAddressRegionHints(recipient: RegionHints.fromAddresses(recipient),
                                       sender: RegionHints.fromAddresses(sender))
        if !headers.subject.isEmpty { analyzer.emit(.subject, headers.subject) }
        for name in [headers.from?.displayName, headers.sender?.displayName].compactMap({ $0 }) where !name.isEmpty {
            analyzer.emit(.fromName, name)
        }
        mime.endOfHeaders()
    }

    public func body(_ chunk: UnsafeRawBufferPointer) {
        guard !stopped else { return }
        let limits = engine.config.limits
        var slice = chunk
        if bodyBytes + chunk.count > limits.maxBodyBytes {
            slice = UnsafeRawBufferPointer(rebasing: chunk[0..<max(0, limits.maxBodyBytes - bodyBytes)])
            anomalies.insert(.bodyLimitReached)
            stopped = true
        }
        bodyBytes += slice.count
        if !slice.isEmpty { mime.body(slice) }
        if elapsedMillis > limits.maxScanMillis {
            anomalies.insert(.scanTimeLimit)
            stopped = true
        }
    }

    /// False once further body bytes cannot change the verdict (lets the milter return SMFIS_SKIP).
    public var wantsMoreBody: Bool { !stopped && mime.wantsMoreBody }

    public var elapsedMillis: Int { Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) }
    public var elapsedMicros: Int { Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000) }

    public func finish() -> Verdict {
        if let finished { return finished }
        mime.finish()
        let findings = analyzer.finish()
        var all = anomalies.union(mime.anomalies).union(headers.anomalies).union(findings.anomalies)
        if headers.headerCount > engine.config.limits.maxHeaders { all.insert(.tooManyHeaders) }
        let features = MessageFeatures(headers: headers, envelope: envelope, findings: findings,
                                       anomalies: all, rules: engine.rules, config: engine.config)
        var evaluator = RuleEvaluator(features: features, rules: engine.rules)
        let hits = evaluator.hits()
        let verdict = Verdict.decide(hits: hits, features: features, config: engine.config,
                                     bytes: headerBytes + bodyBytes)
        finished = verdict
        return verdict
    }
}
