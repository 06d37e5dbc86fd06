import HooklineCore

/// What ``TextAnalyzer`` changes as a message's text streams in, and the work on it.
///
/// A struct so that the analyzer reaches all of it through one property: in the class, each
/// of the dozen stored properties a slice touches (the normaliser, both rings, the scanners,
/// the counters) was a run-time exclusivity check of its own, ~500 instructions per slice.
/// The steps, their order and where they end are the class's as they were.
struct TextAnalyzerState {
    private var normalizer = TextNormalizer()
    private var phones: PhoneScanner
    private var spelled = SpelledNumberScanner()
    /// Where the phone and spelled-number scanners stop in the slice at hand, marked as the
    /// region evidence reads it (in the analyzer's block, which outlives this state).
    private var stops: SliceStops
    /// The regions ranked after every slice and at every message's end, as the analyzer did
    /// before the phone scanner ranked them only when it reads a number: for the test that
    /// holds the two equal (``ReferencePaths/eagerRanking``).
    private let eagerRanking: Bool
    /// False only for the test that holds passing over blank inputs
    /// (``TextNormalizer/writesNothing(_:)``) equal to normalising them
    /// (``ReferencePaths/blankInputs``).
    private let skipsBlankInputs: Bool
    /// Must hold a slice plus the longest run's original span (evidence is cut from here).
    private var original = ByteRing(capacity: TextAnalyzerBuffers.originalBytes)
    /// The normalised stream's recent bytes (separators included, so offsets agree).
    private var recent = ByteRing(capacity: TextAnalyzerBuffers.recentBytes)

    private var view: TextView = .plain
    private var inView = false
    private var streamOffset = 0
    private var textBytes = 0
    /// Normalised bytes per view, by `TextView.allCases` position: an array, not a dictionary
    /// hashed each time, added to when a view ends (``openViewBytes`` counts per slice: an
    /// element written per slice was a uniqueness check of the array each time).
    private var viewBytes = [Int](repeating: 0, count: TextView.allCases.count)
    private var viewIndex = TextView.allCases.firstIndex(of: .plain) ?? 0
    /// Normalised bytes of the view open now, not yet in ``viewBytes``.
    private var openViewBytes = 0
    /// The view that ended with text and still owes the stream its separator. The
    /// separator is scanned only once more text follows (so an end-anchored pattern can
    /// still fire at the end of the last view), but in the name of the view that ended:
    /// a phrase closing that view ("... from PayPal", a From name "Kraken") is confirmed
    /// only by the byte after it (a word boundary) and belongs to that view, not the next.
    private var separatorOwed: TextView?
    var anomalies: Set<Anomaly> = []
    private var finished = false

    /// `kept`: a finished message's buffers (``TextAnalyzerBuffers``), emptied; the state is
    /// otherwise built new.
    init(
        limits: Limits, regions: [String], stops: SliceStops, reference: ReferencePaths = [],
        kept: TextAnalyzerBuffers? = nil
    ) {
        self.stops = stops
        phones = PhoneScanner(regions: regions, maxPhones: limits.maxPhones, kept: kept?.phone)
        if let kept {
            original = kept.original
            recent = kept.recent
        }
        phones.skipsLetterRuns = !reference.contains(.letterRuns)
        phones.skipsShortDigitRuns = !reference.contains(.shortDigitRuns)
        eagerRanking = reference.contains(.eagerRanking)
        skipsBlankInputs = !reference.contains(.blankInputs)
    }

    /// Every stored `var` set as `init` sets it, for another message (``TextAnalyzer/reset()``),
    /// the rings emptied and the phone scanner's buffers kept, as ``takeBuffers()`` and `init`
    /// pass them to a new state: field by field, since a new state assigned to
    /// the analyzer's pointer was built aside, copied (a retain of each of its references) and
    /// destroyed. The `let`s and ``stops`` (the block's) are the same for every message.
    mutating func reset(regions: [String], reference: ReferencePaths) {
        normalizer = TextNormalizer()
        phones.reset(regions: regions)
        phones.skipsLetterRuns = !reference.contains(.letterRuns)
        phones.skipsShortDigitRuns = !reference.contains(.shortDigitRuns)
        spelled = SpelledNumberScanner()
        original = original.emptied(keepingAtMost: TextAnalyzerBuffers.originalBytes)
        recent = recent.emptied(keepingAtMost: TextAnalyzerBuffers.recentBytes)
        view = .plain
        inView = false
        streamOffset = 0
        textBytes = 0
        for i in viewBytes.indices { viewBytes[i] = 0 }
        viewIndex = TextView.allCases.firstIndex(of: .plain) ?? 0
        openViewBytes = 0
        separatorOwed = nil
        anomalies = []
        finished = false
    }

    /// The buffers worth keeping for the next message, emptied and taken out of this state
    /// (the owner's `deinit` only: nothing is scanned after).
    mutating func takeBuffers() -> TextAnalyzerBuffers {
        TextAnalyzerBuffers(
            original: original.emptied(keepingAtMost: TextAnalyzerBuffers.originalBytes),
            recent: recent.emptied(keepingAtMost: TextAnalyzerBuffers.recentBytes),
            phone: phones.takeBuffers())
    }

    var bytesByView: [TextView: Int] {
        var d: [TextView: Int] = [:]
        for (i, v) in TextView.allCases.enumerated() {
            let n = viewBytes[i] + (i == viewIndex ? openViewBytes : 0)
            if n > 0 { d[v] = n }
        }
        return d
    }

    mutating func begin(
        _ view: TextView, patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>
    ) {
        if inView { end(patterns: patterns, out: out, origins: origins) }
        viewBytes[viewIndex] += openViewBytes
        openViewBytes = 0
        self.view = view
        viewIndex = TextView.allCases.firstIndex(of: view) ?? 0
        inView = true
        normalizer.beginView()
        patterns?.view = view
    }

    mutating func text(
        _ utf8: UnsafeRawBufferPointer, patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>
    ) {
        guard !finished else { return }
        if !inView { begin(.plain, patterns: patterns, out: out, origins: origins) }
        let all = utf8.bindMemory(to: UInt8.self)
        var at = 0
        while at < all.count {
            let slice = UnsafeBufferPointer(rebasing: all[at..<min(all.count, at + TextAnalyzer.sliceBytes)])
            let originBase = original.total
            original.append(slice)
            // A run of blanks the normaliser would collapse into the space before it.
            if skipsBlankInputs && normalizer.writesNothing(slice) {
                at += slice.count
                continue
            }
            let n = normalizer.normalize(slice, out: out, origins: origins)
            process(n, originBase: originBase, patterns: patterns, out: out, origins: origins)
            at += slice.count
        }
    }

    mutating func end(patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>) {
        guard inView, !finished else { return }
        let originBase = original.total
        let n = normalizer.finishView(out: out, origins: origins)
        process(n, originBase: originBase, patterns: patterns, out: out, origins: origins)
        phones.endView(originEnd: original.total, view: view, original: original, recent: recent)
        Self.endSpelled(&spelled, &phones, view: view, recent: recent)
        inView = false
        if separatorOwed == nil && streamOffset > 0 { separatorOwed = view }
    }

    mutating func settle(patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>) {
        if inView { end(patterns: patterns, out: out, origins: origins) }
        guard !finished else { return }
        payOwedSeparator(patterns: patterns)
    }

    /// The separator between the last view and the next, scanned as the ending view's.
    private mutating func payOwedSeparator(patterns: PatternStream?) {
        guard let owner = separatorOwed else { return }
        patterns?.view = owner
        TextAnalyzer.viewSeparator.withUnsafeBufferPointer {
            recent.append($0)
            patterns?.scan($0)
        }
        patterns?.view = view
        streamOffset += TextAnalyzer.viewSeparator.count
        separatorOwed = nil
    }

    mutating func setAddressRegionHints(recipient: [String], sender: [String]) {
        phones.hints.recipient = recipient
        phones.hints.sender = sender
        if eagerRanking { phones.rankRegions() }
    }

    mutating func finish(
        patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>, origins: UnsafeMutablePointer<Int32>
    ) -> TextFindings {
        if inView { end(patterns: patterns, out: out, origins: origins) }
        if !finished {
            patterns?.close()
            // The final ranking only serves the numbers held for it.
            if phones.holdsNumbers || eagerRanking {
                let text = normalizer.regionHints + phones.internationalRegions
                if eagerRanking {
                    phones.hints.text = text
                    let ranked = RegionRanking.ranking(phones.hints, phones.regionEvidence)
                    phones.finish(regions: ranked.regions, scores: ranked.scores)
                } else {
                    // Set only if it differs: setting the hints discards the ranking made for them.
                    if phones.hints.text != text { phones.hints.text = text }
                    let ranked = phones.finalRanking()
                    phones.finish(regions: ranked.regions, scores: ranked.scores)
                }
            } else {
                phones.finish(regions: [])
            }
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

    private mutating func process(
        _ n: Int, originBase: Int, patterns: PatternStream?, out: UnsafeMutablePointer<UInt8>,
        origins: UnsafeMutablePointer<Int32>
    ) {
        guard n > 0 else { return }
        payOwedSeparator(patterns: patterns)
        let bytes = UnsafeBufferPointer(start: out, count: n)
        recent.append(bytes)
        // Language and currency, for the countries national numbers are read in.
        phones.regionEvidence.scan(bytes, marking: &stops)
        if eagerRanking { phones.rankRegions() }
        phones.scan(
            bytes, origins: UnsafeBufferPointer(start: origins, count: n), originBase: originBase,
            streamBase: streamOffset, view: view, original: original, recent: recent, stops: stops.phone)
        Self.scanSpelled(
            &spelled, &phones, bytes, streamBase: streamOffset, stops: stops.spelledExact ? stops.spelled : nil,
            view: view, recent: recent)
        patterns?.scan(bytes)
        streamOffset += n
        textBytes += n
        openViewBytes += n
    }

    /// Spelled-out numbers go to the phone scanner once the slice is scanned (the spelled
    /// scanner reads nothing of the phone scanner's, so the order of the two is free), and
    /// only when there are any: no closure built per slice, which retained the ring's storage.
    private static func scanSpelled(
        _ spelled: inout SpelledNumberScanner, _ phones: inout PhoneScanner, _ bytes: UnsafeBufferPointer<UInt8>,
        streamBase: Int, stops: UnsafeMutablePointer<UInt64>?, view: TextView, recent: ByteRing
    ) {
        spelled.scan(bytes, streamBase: streamBase, stops: stops)
        recordSpelled(&spelled, &phones, view: view, recent: recent)
    }

    private static func endSpelled(
        _ spelled: inout SpelledNumberScanner, _ phones: inout PhoneScanner, view: TextView, recent: ByteRing
    ) {
        spelled.endView()
        recordSpelled(&spelled, &phones, view: view, recent: recent)
    }

    @inline(__always)
    private static func recordSpelled(
        _ spelled: inout SpelledNumberScanner, _ phones: inout PhoneScanner, view: TextView, recent: ByteRing
    ) {
        guard !spelled.pending.isEmpty else { return }
        for candidate in spelled.takeFound() { phones.recordSpelled(candidate, view: view, recent: recent) }
    }
}
