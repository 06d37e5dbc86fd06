import HooklineCore

public enum PhoneType: String, Sendable, Codable {
    case tollFree = "toll-free", premium, mobile, fixed, fixedOrMobile = "fixed-or-mobile", voip, sharedCost = "shared-cost", other
}

public struct PhoneFinding: Sendable, Equatable {
    public var e164: String
    public var type: PhoneType
    public var region: String
    public var views: Set<TextView>
    /// The number as it appeared in the message (before normalisation), for explanations.
    public var evidence: String
    /// Offset in the message's normalised text stream (all views, in order) of its first occurrence.
    public var offset: Int
    /// Offsets of its first few occurrences (the first is `offset`): a number printed once in a
    /// footer and again next to "call us" must count as next to "call us".
    public var offsets: [Int]

    /// Occurrences remembered per number; proximity checks look at each.
    public static let maxOffsets = 4

    public init(e164: String, type: PhoneType, region: String, views: Set<TextView>, evidence: String, offset: Int) {
        self.e164 = e164
        self.type = type
        self.region = region
        self.views = views
        self.evidence = evidence
        self.offset = offset
        self.offsets = [offset]
    }
}

public struct PatternMatch: Sendable, Equatable {
    public var id: UInt32
    public var view: TextView
    public var start: Int
    public var end: Int
    /// The matched text as normalised (short).
    public var evidence: String
}

public struct TextFindings: Sendable {
    public var phones: [PhoneFinding] = []
    public var matches: [PatternMatch] = []
    public var anomalies: Set<Anomaly> = []
    public var textBytes: Int = 0
    public init() {}
}

/// One message's detector: normalises the text the MIME layer streams in, and feeds the
/// result to the phone scanner and the pattern stream.
///
/// Input is processed in slices of ``sliceBytes`` so the per-message buffers stay small
/// however large the chunks the caller hands over. Views are joined in the pattern stream
/// with a blank line, so a phrase never spans two views by accident. Not thread-safe: one
/// analyzer per message, driven by one thread at a time.
public final class TextAnalyzer: TextSink {
    static let sliceBytes = 1024
    static let viewSeparator: [UInt8] = [0x0A, 0x0A]

    private let limits: Limits
    private var normalizer = TextNormalizer()
    private var phones: PhoneScanner
    private var spelled = SpelledNumberScanner()
    /// Language and currency of the text, for the countries national numbers are read in.
    private var evidence = RegionEvidence()
    private var hints: RegionRanking.Hints
    private var rankedSignature = -1
    private let patterns: PatternStream?
    /// Must hold a slice plus the longest run's original span (evidence is cut from here).
    private var original = ByteRing(capacity: 4096)
    /// The normalised stream's recent bytes (separators included, so offsets agree).
    private var recent = ByteRing(capacity: 2048)

    private var view: TextView = .plain
    private var inView = false
    private var streamOffset = 0
    private var textBytes = 0
    /// Normalised bytes per view, so the scan can tell an almost empty body (a lure in a
    /// picture) from a long one before deciding to read images.
    public var bytesByView: [TextView: Int] {
        var d: [TextView: Int] = [:]
        for (i, v) in TextView.allCases.enumerated() where viewBytes[i] > 0 { d[v] = viewBytes[i] }
        return d
    }
    /// Normalised bytes per view, by `TextView.allCases` position: counted per slice, so an
    /// array, not a dictionary hashed each time.
    private var viewBytes = [Int](repeating: 0, count: TextView.allCases.count)
    private var viewIndex = TextView.allCases.firstIndex(of: .plain) ?? 0
    /// The view that ended with text and still owes the stream its separator. The
    /// separator is scanned only once more text follows (so an end-anchored pattern can
    /// still fire at the end of the last view), but in the name of the view that ended:
    /// a phrase closing that view ("... from PayPal", a From name "Kraken") is confirmed
    /// only by the byte after it (a word boundary) and belongs to that view, not the next.
    private var separatorOwed: TextView?
    private var anomalies: Set<Anomaly> = []
    private var finished = false

    private let out: UnsafeMutablePointer<UInt8>
    private let origins: UnsafeMutablePointer<Int32>

    /// `regions` are the countries tried, in order, for numbers written without "+".
    /// A block-mode database is ignored here (it serves `PatternDatabase.matches(in:)`).
    public init(patterns: PatternDatabase?, limits: Limits, regions: [String] = ["US"]) {
        self.limits = limits
        self.phones = PhoneScanner(regions: regions, maxPhones: limits.maxPhones)
        self.hints = RegionRanking.Hints(configured: regions.isEmpty ? ["US"] : regions)
        if let patterns, patterns.mode == .stream, patterns.count > 0 {
            self.patterns = PatternStream(database: patterns, limits: limits)
        } else {
            self.patterns = nil
        }
        let capacity = TextNormalizer.maxOutput(forInput: Self.sliceBytes)
        out = .allocate(capacity: capacity)
        origins = .allocate(capacity: capacity)
    }

    deinit {
        out.deallocate()
        origins.deallocate()
    }

    public func begin(_ view: TextView) {
        if inView { end() }
        self.view = view
        viewIndex = TextView.allCases.firstIndex(of: view) ?? 0
        inView = true
        normalizer.beginView()
        patterns?.view = view
    }

    public func text(_ utf8: UnsafeRawBufferPointer) {
        guard !finished else { return }
        if !inView { begin(.plain) }
        let all = utf8.bindMemory(to: UInt8.self)
        var at = 0
        while at < all.count {
            let slice = UnsafeBufferPointer(rebasing: all[at..<min(all.count, at + Self.sliceBytes)])
            let originBase = original.total
            original.append(slice)
            let n = normalizer.normalize(slice, out: out, origins: origins)
            process(n, originBase: originBase)
            at += slice.count
        }
    }

    public func end() {
        guard inView, !finished else { return }
        let originBase = original.total
        let n = normalizer.finishView(out: out, origins: origins)
        process(n, originBase: originBase)
        phones.endView(originEnd: original.total, view: view, original: original, recent: recent)
        spelled.endView { phones.recordSpelled($0, view: view, recent: recent) }
        inView = false
        if separatorOwed == nil && streamOffset > 0 { separatorOwed = view }
    }

    /// Pattern matches reported so far, before `finish`: what the scan asks when deciding
    /// whether to read images. A phrase that ends the last view is reported only once more
    /// text follows (its closing word boundary needs the next byte); see `settle`.
    public var matchesSoFar: [PatternMatch] {
        patterns?.flush()
        return patterns?.matches ?? []
    }

    /// Scans the separator the last view still owes now rather than before the next view,
    /// so a phrase that ends the text so far is confirmed by its word boundary. The stream
    /// is the same as if another view followed; only call it when one may.
    public func settle() {
        if inView { end() }
        guard !finished else { return }
        payOwedSeparator()
    }

    /// The separator between the last view and the next, scanned as the ending view's.
    private func payOwedSeparator() {
        guard let owner = separatorOwed else { return }
        patterns?.view = owner
        Self.viewSeparator.withUnsafeBufferPointer {
            recent.append($0)
            patterns?.scan($0)
        }
        patterns?.view = view
        streamOffset += Self.viewSeparator.count
        separatorOwed = nil
    }

    public func anomaly(_ anomaly: Anomaly) {
        anomalies.insert(anomaly)
    }

    /// Countries the message's addresses point at: `recipient` for the mailbox and its MX
    /// (chosen by the receiving side, so weighed more), `sender` for From and Reply-To.
    /// Call before the first text; national numbers are read with them.
    public func setAddressRegionHints(recipient: [String], sender: [String]) {
        hints.recipient = recipient
        hints.sender = sender
        rerank(force: true)
    }

    /// The regions national numbers are read in now; recomputed only when a hint changes.
    private func rerank(force: Bool = false) {
        let signature = evidence.signature
        guard force || signature != rankedSignature else { return }
        rankedSignature = signature
        phones.regions = RegionRanking.rank(hints, evidence)
    }

    public func finish() -> TextFindings {
        if inView { end() }
        if !finished {
            patterns?.close()
            hints.text = normalizer.regionHints + phones.internationalRegions
            let ranked = RegionRanking.ranked(hints, evidence)
            phones.finish(regions: ranked.map(\.region), scores: ranked.map(\.score))
            finished = true
        }
        var findings = TextFindings()
        findings.phones = phones.phones
        findings.matches = patterns?.matches ?? []
        findings.textBytes = textBytes
        findings.anomalies = anomalies
        if normalizer.sawZeroWidth { findings.anomalies.insert(.zeroWidthInText) }
        if normalizer.sawMixedScript { findings.anomalies.insert(.mixedScriptWord) }
        if normalizer.sawDisguisedDigits { findings.anomalies.insert(.obfuscatedDigits) }
        if phones.sawObfuscation { findings.anomalies.insert(.obfuscatedDigits) }
        if phones.limitReached { findings.anomalies.insert(.phoneLimitReached) }
        if patterns?.limitReached == true { findings.anomalies.insert(.matchLimitReached) }
        return findings
    }

    private func process(_ n: Int, originBase: Int) {
        guard n > 0 else { return }
        payOwedSeparator()
        let bytes = UnsafeBufferPointer(start: out, count: n)
        recent.append(bytes)
        evidence.scan(bytes)
        rerank()
        phones.scan(
            bytes, origins: UnsafeBufferPointer(start: origins, count: n), originBase: originBase,
            streamBase: streamOffset, view: view, original: original, recent: recent)
        spelled.scan(bytes, streamBase: streamOffset) { phones.recordSpelled($0, view: view, recent: recent) }
        patterns?.scan(bytes)
        streamOffset += n
        textBytes += n
        viewBytes[viewIndex] += n
    }
}
