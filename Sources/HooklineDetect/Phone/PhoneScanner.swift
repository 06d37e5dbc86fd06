import HooklineCore

/// Finds phone numbers in the normalised stream, however the text is chunked.
///
/// Idle, it only looks for a byte that can start a number (a digit, "+", "(", or a letter
/// that may stand for a digit after a non-word byte), so plain prose costs one table test
/// per byte. From there it collects a bounded run of digits, separators and the few letters
/// that can stand for digits or spell a vanity number; when the run ends,
/// ``PhoneCandidates`` decides what in it is a number. The run is the only state carried
/// between chunks, so a number split across `text()` calls is still seen whole.
struct PhoneScanner {
    static let maxRunBytes = 96
    /// libphonenumber calls per message; hostile digit soup cannot make a message slow.
    static let maxValidations = 2000
    /// Numbers held until the end of the message, when all its hints at a country are in:
    /// beyond this many, a number is recorded as read at the time (memory stays bounded).
    static let maxPending = 48

    private(set) var phones: [PhoneFinding] = []
    private(set) var sawObfuscation = false
    private(set) var limitReached = false
    private(set) var validationBudgetSpent = false

    /// Countries tried, best first, for numbers written without "+" (``RegionRanking``):
    /// ranked again from `hints` and `regionEvidence` only when a number is about to be read and
    /// either has changed since (``rankRegions()``).
    private(set) var regions: [String]
    /// Language and currency of the text so far (the analyzer scans each slice into it before
    /// this scanner reads the slice): kept here, where the ranking reads it, not passed in.
    var regionEvidence = RegionEvidence()
    /// What `regions` are ranked from besides `regionEvidence`: the configured regions, the
    /// addresses' (set by the analyzer before the text), at the end the text's own.
    var hints: RegionRanking.Hints { didSet { rankedSignature = -1 } }
    /// The ``RegionEvidence/signature`` `regions` were last ranked for (-1: rank again). The
    /// ranking depends on nothing of the evidence that the signature does not tell.
    private var rankedSignature = -1
    /// The weight the message gave each of `regions` at the end (empty while streaming).
    var regionScores: [Double] = []
    private let maxPhones: Int
    var validations = 0
    var memo = PhoneMemo()
    /// A number as written, with what it was read as so far (nil: no region yet accepts it).
    private struct Pending {
        var candidate: [UInt8]
        var groups: [Int]
        var finding: PhoneFinding
        var obfuscated: Bool
        var guess: ValidatedPhone?
        /// The country named right before the number, tried before the message's ranking.
        var labelled: String?
    }
    private var pending: [Pending] = []

    /// Owns the memory `runBytes` and `runOrigins` point into, as long as this scanner lives.
    private let runStore: RunStore
    /// The run's bytes: `runBytes[0..<runCount]`, fixed at ``maxRunBytes`` and written in place
    /// as `runOrigins` is. An array grown byte by byte and emptied at the end of each run cost
    /// ~90 instructions a run to empty; most runs (dates, prices, counts) end there, and only one
    /// that may hold a number is copied out as an array for ``PhoneCandidates``. Pointers, not
    /// arrays: every byte written into a fixed array still tested its uniqueness (~3 k
    /// instructions a message). Every index written is below `runCount` + 1 ≤ ``maxRunBytes``
    /// (`accept` refuses a byte at that length).
    private let runBytes: UnsafeMutablePointer<UInt8>
    private(set) var runCount = 0
    /// `runBytes[0..<runCount]`, read in place.
    var runSoFar: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: runBytes, count: runCount) }
    /// `runOrigins[k]`: the original-text offset of `runBytes[k]`, for `k < runCount`. Fixed at
    /// ``maxRunBytes`` and written in place: emptied per run, it cost ~85 instructions a run.
    private let runOrigins: UnsafeMutablePointer<Int>
    /// Nil only while `endRun` holds it.
    private var candidateScratch: PhoneCandidates.Scratch?
    private var runHasDigit = false
    private(set) var runStreamStart = 0
    private var runContext = RunContext()
    private(set) var vanityStart: Int?
    private var vanityLettersBegun = false
    private var consecutiveSeps = 0
    private(set) var pendingLetters = 0
    private var prev: (UInt8, UInt8, UInt8) = (0, 0, 0)
    /// Whether a word's first letter that may stand for a digit is passed over when the next
    /// byte ends its run at once (``endsAtOnce(_:)``); off only in tests (``ReferencePaths``).
    var skipsLetterRuns = true
    /// Whether the digits and separators from a digit are passed over whole when no run
    /// started among them can hold a number (``shortDigitRunEnd(_:from:)``); off only in tests.
    var skipsShortDigitRuns = true

    /// 1 = starts a run, 2 = starts one only after a non-word byte (O, l, I, |).
    static let startTable: [UInt8] = (0..<256).map { b in
        switch UInt8(b) {
        case 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: "["): return 1
        case UInt8(ascii: "o"), UInt8(ascii: "l"), UInt8(ascii: "i"), UInt8(ascii: "|"): return 2
        default: return 0
        }
    }

    /// `kept`: an earlier message's scratch (``Buffers``), else new.
    init(regions: [String], maxPhones: Int, kept: Buffers? = nil) {
        self.regions = regions.isEmpty ? ["US"] : regions
        hints = RegionRanking.Hints(configured: self.regions)
        self.maxPhones = maxPhones
        let buffers = kept ?? Buffers()
        runStore = buffers.run
        runBytes = buffers.run.bytes
        runOrigins = buffers.run.origins
        candidateScratch = buffers.candidateScratch
    }

    /// The fixed memory of a run: ``maxRunBytes`` bytes and as many origins, zeroed once.
    final class RunStore {
        let bytes: UnsafeMutablePointer<UInt8>
        let origins: UnsafeMutablePointer<Int>

        init() {
            bytes = .allocate(capacity: PhoneScanner.maxRunBytes)
            bytes.initialize(repeating: 0, count: PhoneScanner.maxRunBytes)
            origins = .allocate(capacity: PhoneScanner.maxRunBytes)
            origins.initialize(repeating: 0, count: PhoneScanner.maxRunBytes)
        }

        deinit {
            bytes.deallocate()
            origins.deallocate()
        }
    }

    /// The run buffers and ``PhoneCandidates/Scratch`` of a finished message, for the next
    /// one's scanner (``TextAnalyzerBuffers``). Nothing in them is read before it is written:
    /// the run's `0..<runCount` (a new scanner's `runCount` is 0) and the scratch's first `n`
    /// for a run of `n` bytes. Bounded: the run never grows past ``maxRunBytes``.
    struct Buffers {
        var run = RunStore()
        var candidateScratch = PhoneCandidates.Scratch()
    }

    /// This scanner's ``Buffers``, taken out (it scans nothing after: the next message's
    /// scanner writes the same run memory).
    mutating func takeBuffers() -> Buffers {
        Buffers(run: runStore, candidateScratch: candidateScratch.take() ?? PhoneCandidates.Scratch())
    }

    /// Every stored `var` set as `init` sets it for `configured` (the `maxPhones` and run memory
    /// stay, and the candidate scratch, as ``takeBuffers()`` would hand them to a new scanner),
    /// for another message of a reused analyzer (``TextAnalyzerState/reset(regions:reference:)``):
    /// field by field, since a new scanner assigned over this one was built aside, copied and
    /// destroyed. The two `skips` switches are the caller's, as after `init`.
    mutating func reset(regions configured: [String]) {
        phones = []
        sawObfuscation = false
        limitReached = false
        validationBudgetSpent = false
        regions = configured.isEmpty ? ["US"] : configured
        regionEvidence = RegionEvidence()
        hints = RegionRanking.Hints(configured: regions)
        rankedSignature = -1
        regionScores = []
        validations = 0
        memo = PhoneMemo()
        pending = []
        runCount = 0
        if candidateScratch == nil { candidateScratch = PhoneCandidates.Scratch() }
        runHasDigit = false
        runStreamStart = 0
        runContext = RunContext()
        vanityStart = nil
        vanityLettersBegun = false
        consecutiveSeps = 0
        pendingLetters = 0
        prev = (0, 0, 0)
        rankedScores = []
    }

    /// `regions` for the text's evidence so far: ranked again if a hint or the evidence
    /// changed since they were. The analyzer ranked after every slice whose evidence changed
    /// the signature (a few times a message, ~7 k instructions each); asked only here, before a
    /// number is read, a message with no number never ranks, and the ranking is the same, as
    /// it is a function of the hints and the signature.
    mutating func rankRegions() {
        let signature = regionEvidence.signature
        guard signature != rankedSignature else { return }
        rankedSignature = signature
        (regions, rankedScores) = RegionRanking.ranking(hints, regionEvidence)
    }

    /// The weight of each of `regions`, from the same ranking (``finalRanking()``).
    private var rankedScores: [Double] = []

    /// `RegionRanking.ranked(hints, regionEvidence)`, as regions and weights: the ranking
    /// ``rankRegions()`` made last when neither the hints nor the evidence's signature changed
    /// since (most messages that hold a number for the end read it after their last change),
    /// where the end ranked everything again (~10 k instructions a ranking; -4 k a message in the daemon).
    mutating func finalRanking() -> (regions: [String], scores: [Double]) {
        rankRegions()
        return (regions, rankedScores)
    }

    /// Whether numbers are held for ``finish(regions:scores:)``, which only then needs a ranking.
    var holdsNumbers: Bool { !pending.isEmpty }

    /// `originBase + origins[i]` is the original-text offset of `bytes[i]`; `streamBase` the
    /// normalised stream offset of `bytes[0]`; `recent` already holds `bytes`, and
    /// `regionEvidence` has read them and marked in `stops` (``SliceStops/phone``) where
    /// ``skipProse(_:from:_:)`` would stop in them.
    mutating func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, origins: UnsafeBufferPointer<Int32>, originBase: Int,
        streamBase: Int, view: TextView, original: ByteRing, recent: ByteRing, stops: UnsafeMutablePointer<UInt64>
    ) {
        let n = bytes.count
        var i = 0
        Self.startTable.withUnsafeBufferPointer { table in
            while i < n {
                if runCount == 0 {
                    i = SliceStops.next(stops, from: i, count: n)
                    if i == n { break }
                    var b = bytes[i]
                    // "2026 and", "10:30,", "$25.00 for": no run started from here to the byte
                    // that must end it can hold seven keys, so each would end doing nothing.
                    if skipsShortDigitRuns && b &- 0x30 < 10, let end = Self.shortDigitRunEnd(bytes, from: i) {
                        i = end
                        continue
                    }
                    // "of", "in", "is", "like": a run started here would end at the next
                    // byte with no digit in it, which does nothing (`endRun` returns at once,
                    // and the next run start rewrites all the state this one would set).
                    if skipsLetterRuns && table[Int(b)] == 2 && i + 1 < n && Self.endsAtOnce(bytes[i + 1]) {
                        i += 1
                        continue
                    }
                    if b == UInt8(ascii: "[") {
                        // Only an area code in brackets ("[202].379.1845"), never "[412395520.0]".
                        guard Self.bracketsAreaCode(bytes, at: i) else { i += 1; continue }
                        b = UInt8(ascii: "(")
                    }
                    let before1 = before(i, 1, bytes)
                    if table[Int(b)] == 2 && PhoneCandidates.isWordByte(before1) { i += 1; continue }
                    let before = (before1, before(i, 2, bytes), before(i, 3, bytes))
                    // "… desde tu Telcel o 800 710 5687", "900 123 456 i 91 …": a one-letter word
                    // between words is the conjunction ("or", "and"), not a digit in disguise.
                    if Self.isConjunction(b), i + 1 < n, bytes[i + 1] == 0x20, before.0 == 0x20,
                        PhoneCandidates.isWordByte(before.1)
                    {
                        i += 1
                        continue
                    }
                    runContext = RunContext(before: before, after: 0)
                    runStreamStart = streamBase + i
                    runHasDigit = b >= 0x30 && b <= 0x39
                    if table[Int(b)] == 2 { pendingLetters = 1 }
                    runOrigins[0] = originBase + Int(origins[i])
                    runBytes[0] = b
                    runCount = 1
                    i += 1
                    continue
                }
                var b = bytes[i]
                if b == UInt8(ascii: "]") && runCount == 4 && runBytes[0] == UInt8(ascii: "(") { b = UInt8(ascii: ")") }
                // A digit outside a vanity word, most of what runs take, taken here as `accept`
                // takes it: the compiler keeps `accept` a call, ~20 instructions a byte.
                if b &- 0x30 < 10 && !vanityLettersBegun && runCount < Self.maxRunBytes {
                    consecutiveSeps = 0
                    pendingLetters = 0
                    runHasDigit = true
                    runOrigins[runCount] = originBase + Int(origins[i])
                    runBytes[runCount] = b
                    runCount += 1
                    i += 1
                    continue
                }
                if accept(b) {
                    // `accept` holds the run below `maxRunBytes`.
                    runOrigins[runCount] = originBase + Int(origins[i])
                    runBytes[runCount] = b
                    runCount += 1
                    i += 1
                    continue
                }
                // The terminator may itself start the next number, so it is looked at again.
                endRun(
                    terminator: b, terminatorOrigin: originBase + Int(origins[i]), view: view,
                    original: original, recent: recent)
            }
        }
        if n >= 3 {
            prev = (bytes[n - 1], bytes[n - 2], bytes[n - 3])
        } else if n == 2 {
            prev = (bytes[1], bytes[0], prev.0)
        } else if n == 1 {
            prev = (bytes[0], prev.0, prev.1)
        }
    }

    /// Prose: the first index from `i` on (or the end) whose byte can begin a number (what
    /// the marks `scan` passes over say now: kept for the test that holds them equal). "o",
    /// "l", "i" and "|" right after a word byte of `bytes` begin none either, and are most of
    /// the stops in prose ("follow", "billing"): skipped here, where `scan` took each back to
    /// its loop (three bytes behind looked up, then the same test). At index 0 the byte
    /// behind is in an earlier chunk, and `scan` tests it.
    @inline(__always)
    static func skipProse(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int, _ table: UnsafeBufferPointer<UInt8>) -> Int {
        var i = i
        while i < bytes.count {
            let t = table[Int(bytes[i])]
            if t == 0 || (t == 2 && i > 0 && PhoneCandidates.isWordByte(bytes[i - 1])) {
                i += 1
                continue
            }
            break
        }
        return i
    }

    /// End of a view: whatever run is open ends here, and the next view starts fresh.
    mutating func endView(originEnd: Int, view: TextView, original: ByteRing, recent: ByteRing) {
        if runCount > 0 {
            endRun(terminator: 0, terminatorOrigin: originEnd, view: view, original: original, recent: recent)
        }
        prev = (0, 0, 0)
    }

    /// Countries of the numbers the message wrote with "+CC": a lure that prints "+44 20…"
    /// once writes its other numbers for the same country.
    var internationalRegions: [String] {
        var out: [String] = []
        for item in pending where item.candidate.first == UInt8(ascii: "+") {
            if let region = item.guess?.region, region != "ZZ", !out.contains(region), out.count < 3 { out.append(region) }
        }
        return out
    }

    /// End of the message: every held number is read again with the final ranking of the
    /// countries the message points at. A national number ("800 123 4567") can be valid in
    /// several; the one whose own national grouping matches what the sender wrote wins, then
    /// the better-hinted one. Findings stay in text order.
    mutating func finish(regions ranked: [String], scores: [Double] = []) {
        if !ranked.isEmpty {
            regions = ranked
            regionScores = scores.count == ranked.count ? scores : []
        }
        // Each held number is read in place, field by field, from a local array nothing else
        // holds: read as `for item in pending`, every one was copied (its arrays and strings
        // retained, then released), and reversed to be popped, every one was swapped (copied
        // the same way) first.
        var held: [Pending] = []
        swap(&held, &pending)
        for k in held.indices {
            var phone = held[k].guess
            if held[k].candidate.first != UInt8(ascii: "+") {
                if validations < Self.maxValidations {
                    validations += 1
                    phone = resolve(held[k].candidate, groups: held[k].groups, labelled: held[k].labelled) ?? held[k].guess
                } else {
                    validationBudgetSpent = true
                }
            }
            guard let phone else { continue }
            accept(held[k].finding, phone: phone, candidate: held[k].candidate, groups: held[k].groups, obfuscated: held[k].obfuscated)
        }
        phones.sort { $0.offset < $1.offset }
    }

    /// Records a reading unless where it stands says it is an identifier: in a Subject or a
    /// display name, a bare block of digits ("AVISO DE COMPRA - 4028389522") is an order or
    /// case number unless it is toll-free; lures there write the number grouped or with "+".
    private mutating func accept(
        _ finding: PhoneFinding, phone: ValidatedPhone, candidate: [UInt8], groups: [Int],
        obfuscated: Bool
    ) {
        // Read by walking the set (one view here), not by hashing each view looked for.
        let headerView = finding.views.contains { $0 == .subject || $0 == .fromName }
        // …and one grouped as its country never groups it ("n° 2026-118422") is one too.
        if headerView && candidate.first != UInt8(ascii: "+") && phone.type != .tollFree
            && (groups.count <= 1 || !phone.isGroupedLike(groups))
        {
            return
        }
        if obfuscated { sawObfuscation = true }
        var found = finding
        found.e164 = phone.e164
        found.type = phone.type
        found.region = phone.region
        record(found)
    }

    /// The byte `k` places before `bytes[i]`, reaching back into earlier chunks of the view.
    @inline(__always)
    private func before(_ i: Int, _ k: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        if i >= k { return bytes[i - k] }
        switch k - i {
        case 1: return prev.0
        case 2: return prev.1
        default: return prev.2
        }
    }

    private mutating func accept(_ b: UInt8) -> Bool {
        guard runCount < Self.maxRunBytes else { return false }
        switch b {
        case 0x30...0x39:
            // "1-888-HELP-365": a vanity word may be followed by the digits that complete it.
            if vanityLettersBegun && countVanityKeys() >= 11 { return false }
            consecutiveSeps = 0
            pendingLetters = 0
            runHasDigit = true
            return true
        // ";" and "*" too: lures pad digits with them ("+1 888 ; 4l7 ; 2O93", "1 8 0 8 * 2 3 1").
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "*"):
            // "+1 – (888) - (596) - (1028)", "( + 1 ) - ( 8 6 6 ) - …": real lures pad separators generously.
            if consecutiveSeps >= 8 { return false }
            // Vanity words are joined by dashes or dots; a space after one ends the number.
            if b == 0x20 && vanityLettersBegun { return false }
            consecutiveSeps += 1
            pendingLetters = 0
            return true
        case UInt8(ascii: ":"):
            guard runCount > 0, runBytes[runCount - 1] >= 0x30 && runBytes[runCount - 1] <= 0x39, vanityStart == nil else {
                return false
            }
            consecutiveSeps = 1
            pendingLetters = 0
            return true
        case 0x61...0x7A, UInt8(ascii: "|"):
            if vanityStart != nil {
                vanityLettersBegun = true
                consecutiveSeps = 0
                return countVanityLetters() < 12
            }
            if b == UInt8(ascii: "o") || b == UInt8(ascii: "l") || b == UInt8(ascii: "i") || b == UInt8(ascii: "|") {
                if pendingLetters >= 3 { return false }
                pendingLetters += 1
                consecutiveSeps = 0
                return true
            }
            guard runHasDigit, b != UInt8(ascii: "|") else { return false }
            // Vanity letters join their prefix with a dash or dot ("1-888-MSFT"); "888 people" is prose.
            // The byte before the letters that may stand for digits (0 when they began the run).
            let joiner = runCount - pendingLetters > 0 ? runBytes[runCount - pendingLetters - 1] : 0
            let joined = joiner == UInt8(ascii: "-") || joiner == UInt8(ascii: ".") || (joiner >= 0x30 && joiner <= 0x39)
            if joined && vanityEligible() {
                vanityStart = runCount - pendingLetters
                vanityLettersBegun = true
                consecutiveSeps = 0
                return true
            }
            return false
        default:
            return false
        }
    }

    /// Without seven bytes that can be keys neither `find` nor `gluedTollFree` (ten digits)
    /// reads a number in the run: most runs end here, tested in the caller's loop, where the
    /// call into ``readRun(terminator:terminatorOrigin:view:original:recent:)`` (its defers,
    /// its saved registers) cost ~25 instructions a run that reads nothing.
    @inline(__always)
    private mutating func endRun(
        terminator: UInt8, terminatorOrigin: Int, view: TextView,
        original: ByteRing, recent: ByteRing
    ) {
        guard runHasDigit, PhoneCandidates.mayHoldNumber(runSoFar) else {
            resetRun()
            return
        }
        readRun(terminator: terminator, terminatorOrigin: terminatorOrigin, view: view, original: original, recent: recent)
    }

    /// Reads the numbers in a run that may hold one.
    private mutating func readRun(
        terminator: UInt8, terminatorOrigin: Int, view: TextView,
        original: ByteRing, recent: ByteRing
    ) {
        defer { resetRun() }
        // A local for the call: the closure below reads `self`, which an inout borrow of a
        // stored property would overlap. Taken out of its optional, so nothing stands in its
        // place: swapped with a new scratch, each run that may hold a number built and
        // released nine empty arrays.
        var scratch = candidateScratch.take() ?? PhoneCandidates.Scratch()
        defer { candidateScratch = scratch }
        // The run copied into the scratch's array (``PhoneCandidates/Scratch/run``), not into a
        // new one (~8 a message).
        var run: [UInt8] = []
        swap(&run, &scratch.run)
        defer { swap(&run, &scratch.run) }
        run.removeAll(keepingCapacity: true)
        run.append(contentsOf: runSoFar)
        runContext.after = terminator
        // Long enough for an extension and a number after it.
        if runCount >= 9 { runContext.extensionFirst = IdentifierContext.labelsExtension(recent: recent, before: runStreamStart) }
        var budgetHit = false
        // The country named before the run is looked up only once a national candidate needs
        // it: most digit runs (dates, prices, counts) never reach validation.
        let streamStart = runStreamStart
        var label: String?? = nil
        var hits = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: runContext, scratch: &scratch) { candidate in
            guard self.validations < Self.maxValidations else { budgetHit = true; return nil }
            self.validations += 1
            self.rankRegions()
            // Packed once for every region tried below.
            let digits = PhoneMemo.Digits(candidate)
            if candidate.first == UInt8(ascii: "+") {
                return self.memo.validate(digits, region: self.regions.first ?? "US", allowPossible: true)
            }
            if label == nil { label = .some(CountryLabel.region(recent: recent, before: streamStart)) }
            let named = label ?? nil
            if let named, let phone = self.memo.validate(digits, region: named), phone.faithful { return phone }
            for region in self.regions where region != named {
                if let phone = self.memo.validate(digits, region: region), phone.faithful { return phone }
            }
            return nil
        }
        let labelled = label ?? nil
        if budgetHit { validationBudgetSpent = true }
        // Digits glued to letters ("…W83 03 1877 2094") end a code, and the blocks after
        // them go on with it; unless the code is an ask glued to a toll-free line.
        if let head = run.first, ASCII.isDigit(head), ASCII.isAlpha(runContext.before.0) {
            guard let hit = gluedTollFree(run, recent: recent) else { return }
            hits = [hit]
        }
        // After a label, a piece of the run that is one block of digits is the identifier's
        // own ("Billete 075 2418837710"); a grouped one is a number that follows it ("Order
        // 12345 864 347 2494").
        var runLabelled: Bool?
        for hit in hits {
            // "Tracking number: 7706277974" is a valid-looking number that is not a phone; one
            // written with "+" or a bracketed area code ("account: +1 (888) …") is no identifier.
            if hit.start > 0, hit.groups.count == 1, run.first != UInt8(ascii: "+"), run.first != UInt8(ascii: "(") {
                if runLabelled == nil { runLabelled = IdentifierContext.labelsIdentifier(recent: recent, before: runStreamStart) }
                if runLabelled == true { continue }
            }
            // Nor is a toll-free line written in its own grouping ("…lock your account: 1-855-401-7723").
            let groupedTollFree =
                hit.groups.count >= 3 && hit.phone.map { $0.type == .tollFree && $0.isGroupedLike(hit.groups) } == true
            if hit.start == 0, run.first != UInt8(ascii: "+"), run.first != UInt8(ascii: "("),
                IdentifierContext.labelsIdentifier(recent: recent, before: runStreamStart, wordsToo: !groupedTollFree)
                    || IdentifierContext.continuesCode(recent: recent, before: runStreamStart)
            {
                continue
            }
            let originStart = runOrigins[hit.start]
            let originEnd = hit.end < run.count ? runOrigins[hit.end] : terminatorOrigin
            let evidence =
                Self.evidence(original: original, from: originStart, to: originEnd)
                ?? String(decoding: run[hit.start..<hit.end], as: UTF8.self)
            // Vanity numbers are printed in capitals; lower-case words after a number are text.
            if hit.vanity && evidence.unicodeScalars.contains(where: { $0.properties.isLowercase }) { continue }
            let finding = PhoneFinding(
                e164: "", type: .other, region: "", views: Self.viewSet(view), evidence: evidence,
                offset: runStreamStart + hit.start)
            if pending.count < Self.maxPending {
                pending.append(
                    Pending(
                        candidate: hit.candidate, groups: hit.groups, finding: finding,
                        obfuscated: hit.obfuscated, guess: hit.phone, labelled: labelled))
            } else if let phone = hit.phone {
                accept(finding, phone: phone, candidate: hit.candidate, groups: hit.groups, obfuscated: hit.obfuscated)
            }
        }
    }

    @inline(__always)
    private mutating func resetRun() {
        runCount = 0
        runHasDigit = false
        vanityStart = nil
        vanityLettersBegun = false
        consecutiveSeps = 0
        pendingLetters = 0
    }

    /// A number spelled out in words (see ``SpelledNumberScanner``): validated like any other,
    /// and counted as obfuscation, since nobody legitimate writes a phone number that way.
    mutating func recordSpelled(_ candidate: SpelledNumberScanner.Candidate, view: TextView, recent: ByteRing) {
        guard validations < Self.maxValidations else { validationBudgetSpent = true; return }
        validations += 1
        rankRegions()
        var phone: ValidatedPhone?
        for region in regions {
            phone = memo.validate(candidate.digits, region: region)
            if phone != nil { break }
        }
        guard let phone else { return }
        // Cut from the normalised text (the original's offsets are not kept per word); a
        // sequence longer than the ring falls back to its digits.
        let evidence =
            recent.bytes(from: candidate.start, to: candidate.end)
            .map { String(decoding: $0.prefix(256), as: UTF8.self) } ?? String(decoding: candidate.digits, as: UTF8.self)
        sawObfuscation = true
        var finding = PhoneFinding(
            e164: phone.e164, type: phone.type, region: phone.region, views: Self.viewSet(view),
            evidence: evidence, offset: candidate.start)
        finding.offsets = [candidate.start]
        record(finding)
    }

    /// `[view]`, one set for each view built once: a set built for every number found
    /// allocated its storage and hashed the view (~2 k instructions a message).
    static func viewSet(_ view: TextView) -> Set<TextView> {
        for (one, set) in oneViewSets where one == view { return set }
        return [view]
    }

    private static let oneViewSets: [(TextView, Set<TextView>)] = TextView.allCases.map { ($0, [$0]) }

    /// What the sender wrote, trimmed; a few hundred bytes at most even if padded with invisibles.
    static func evidence(original: ByteRing, from: Int, to: Int) -> String? {
        guard to > from, to - from <= 512, let bytes = original.bytes(from: from, to: to) else { return nil }
        return trimmedText(bytes)
    }

    /// `String(decoding: bytes, as: UTF8.self).trimmingSpaces()`, trimmed on the bytes when
    /// the text that is left begins and ends in ASCII (every number's evidence): an ASCII
    /// byte is always a scalar of its own, whatever invalid bytes stand next to it, so
    /// cutting ASCII white space (tab to CR, space) off the bytes cuts the same scalars off
    /// the decoded text, and a first and last byte that are ASCII and not white space are
    /// where the scalar trim stops. Anything else takes the scalar trim.
    static func trimmedText(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { b in
            var a = 0
            var e = b.count
            while a < e && (b[a] == 0x20 || (b[a] >= 0x09 && b[a] <= 0x0D)) { a += 1 }
            while e > a && (b[e - 1] == 0x20 || (b[e - 1] >= 0x09 && b[e - 1] <= 0x0D)) { e -= 1 }
            if a == e { return "" }
            guard b[a] < 0x80, b[e - 1] < 0x80 else { return String(decoding: b, as: UTF8.self).trimmingSpaces() }
            return String(decoding: UnsafeBufferPointer(rebasing: b[a..<e]), as: UTF8.self)
        }
    }

    /// A number already found is looked for among the findings themselves: at most
    /// `maxPhones`, a few in most messages, each E.164 a small string compared in two words.
    /// A `[String: Int]` index hashed each reading's E.164 with SipHash, and was built again
    /// after the sort at the end (~4 k instructions a message of hashing in the daemon). Internal for
    /// `PhoneRecordTests`.
    mutating func record(_ finding: PhoneFinding) {
        if let at = phones.firstIndex(where: { $0.e164 == finding.e164 }) {
            phones[at].views.formUnion(finding.views)
            if phones[at].offsets.count < PhoneFinding.maxOffsets && !phones[at].offsets.contains(finding.offset) {
                phones[at].offsets.append(finding.offset)
            }
            return
        }
        guard phones.count < maxPhones else { limitReached = true; return }
        phones.append(finding)
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
