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
    /// National numbers ("0800 ...") kept for a retry once the message hints at its country.
    static let maxDeferred = 16
    /// How far back the scanner looks for words like "tracking number:" before a number.
    static let labelWindow = 40

    private(set) var phones: [PhoneFinding] = []
    private(set) var sawObfuscation = false
    private(set) var limitReached = false
    private(set) var validationBudgetSpent = false

    private let regions: [String]
    private let maxPhones: Int
    private var validations = 0
    private var index: [String: Int] = [:]
    private var deferred: [(candidate: [UInt8], finding: PhoneFinding, obfuscated: Bool)] = []

    private var run: [UInt8] = []
    private var runOrigins: [Int] = []
    private var runHasDigit = false
    private var runStreamStart = 0
    private var runContext = RunContext()
    private var vanityStart: Int?
    private var vanityLettersBegun = false
    private var consecutiveSeps = 0
    private var pendingLetters = 0
    private var prev: (UInt8, UInt8, UInt8) = (0, 0, 0)

    /// 1 = starts a run, 2 = starts one only after a non-word byte (O, l, I, |).
    private static let startTable: [UInt8] = (0..<256).map { b in
        switch UInt8(b) {
        case 0x30...0x39, UInt8(ascii: "+"), UInt8(ascii: "("): return 1
        case UInt8(ascii: "o"), UInt8(ascii: "l"), UInt8(ascii: "i"), UInt8(ascii: "|"): return 2
        default: return 0
        }
    }

    init(regions: [String], maxPhones: Int) {
        self.regions = regions.isEmpty ? ["US"] : regions
        self.maxPhones = maxPhones
        run.reserveCapacity(Self.maxRunBytes)
        runOrigins.reserveCapacity(Self.maxRunBytes)
    }

    /// `originBase + origins[i]` is the original-text offset of `bytes[i]`; `streamBase` the
    /// normalised stream offset of `bytes[0]`; `recent` already holds `bytes`.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, origins: UnsafeBufferPointer<Int32>, originBase: Int,
                       streamBase: Int, view: TextView, original: ByteRing, recent: ByteRing) {
        let n = bytes.count
        var i = 0
        Self.startTable.withUnsafeBufferPointer { table in
            while i < n {
                if run.isEmpty {
                    // Prose: skip to the next byte that can begin a number.
                    while i < n && table[Int(bytes[i])] == 0 { i += 1 }
                    if i == n { break }
                    let b = bytes[i]
                    let before = (before(i, 1, bytes), before(i, 2, bytes), before(i, 3, bytes))
                    if table[Int(b)] == 2 && PhoneCandidates.isWordByte(before.0) { i += 1; continue }
                    runContext = RunContext(before: before, after: 0)
                    runStreamStart = streamBase + i
                    runHasDigit = b >= 0x30 && b <= 0x39
                    if table[Int(b)] == 2 { pendingLetters = 1 }
                    run.append(b)
                    runOrigins.append(originBase + Int(origins[i]))
                    i += 1
                    continue
                }
                let b = bytes[i]
                if accept(b) {
                    run.append(b)
                    runOrigins.append(originBase + Int(origins[i]))
                    i += 1
                    continue
                }
                // The terminator may itself start the next number, so it is looked at again.
                endRun(terminator: b, terminatorOrigin: originBase + Int(origins[i]), view: view,
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

    /// End of a view: whatever run is open ends here, and the next view starts fresh.
    mutating func endView(originEnd: Int, view: TextView, original: ByteRing, recent: ByteRing) {
        if !run.isEmpty {
            endRun(terminator: 0, terminatorOrigin: originEnd, view: view, original: original, recent: recent)
        }
        prev = (0, 0, 0)
    }

    /// End of the message: national numbers no configured region accepted get one more try
    /// with the countries the message itself pointed at (its +CC numbers, "£", kana).
    mutating func finish(hintedRegions: [String]) {
        var tryRegions: [String] = []
        for region in hintedRegions + phones.map(\.region) where !regions.contains(region) && !tryRegions.contains(region) {
            if region != "ZZ" { tryRegions.append(region) }
        }
        guard !tryRegions.isEmpty else { return }
        for item in deferred {
            guard validations < Self.maxValidations else { validationBudgetSpent = true; break }
            validations += 1
            for region in tryRegions {
                if let phone = PhoneValidator.validate(item.candidate, region: region) {
                    if item.obfuscated { sawObfuscation = true }
                    var finding = item.finding
                    finding.e164 = phone.e164
                    finding.type = phone.type
                    finding.region = phone.region
                    record(finding)
                    break
                }
            }
        }
        deferred.removeAll()
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
        guard run.count < Self.maxRunBytes else { return false }
        switch b {
        case 0x30...0x39:
            if vanityLettersBegun { return false }
            consecutiveSeps = 0
            pendingLetters = 0
            runHasDigit = true
            return true
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"),
             UInt8(ascii: "("), UInt8(ascii: ")"):
            // "+1 – (888) - (596) - (1028)": real lures pad separators generously.
            if consecutiveSeps >= 6 { return false }
            // Vanity words are joined by dashes or dots; a space after one ends the number.
            if b == 0x20 && vanityLettersBegun { return false }
            consecutiveSeps += 1
            pendingLetters = 0
            return true
        case UInt8(ascii: ":"):
            guard let last = run.last, last >= 0x30 && last <= 0x39, vanityStart == nil else { return false }
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
            let joiner = run.dropLast(pendingLetters).last ?? 0
            let joined = joiner == UInt8(ascii: "-") || joiner == UInt8(ascii: ".") || (joiner >= 0x30 && joiner <= 0x39)
            if joined && vanityEligible() {
                vanityStart = run.count - pendingLetters
                vanityLettersBegun = true
                consecutiveSeps = 0
                return true
            }
            return false
        default:
            return false
        }
    }

    private func countVanityLetters() -> Int {
        guard let from = vanityStart else { return 0 }
        return run[from...].filter { $0 >= 0x61 && $0 <= 0x7A }.count
    }

    /// Letters may follow "1-800", "(888)", "1 844 55": a toll-free prefix and room left.
    private func vanityEligible() -> Bool {
        var digits: [UInt8] = []
        for b in run.dropLast(pendingLetters) {
            switch b {
            case 0x30...0x39: digits.append(b)
            case UInt8(ascii: "o"): digits.append(UInt8(ascii: "0"))
            case UInt8(ascii: "l"), UInt8(ascii: "i"), UInt8(ascii: "|"): digits.append(UInt8(ascii: "1"))
            default: break
            }
        }
        if digits.first == UInt8(ascii: "1") { digits.removeFirst() }
        guard digits.count >= 3 && digits.count <= 7, digits[0] == UInt8(ascii: "8") else { return false }
        return digits[1] == digits[2] && (digits[1] == UInt8(ascii: "0") || (digits[1] >= UInt8(ascii: "3") && digits[1] <= UInt8(ascii: "8")))
    }

    private mutating func endRun(terminator: UInt8, terminatorOrigin: Int, view: TextView,
                                 original: ByteRing, recent: ByteRing) {
        defer { resetRun() }
        guard runHasDigit else { return }
        runContext.after = terminator
        var budgetHit = false
        let hits = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: runContext) { candidate in
            guard self.validations < Self.maxValidations else { budgetHit = true; return nil }
            self.validations += 1
            let isInternational = candidate.first == UInt8(ascii: "+")
            for region in isInternational ? [self.regions[0]] : self.regions {
                if let phone = PhoneValidator.validate(candidate, region: region, allowPossible: isInternational) {
                    return phone
                }
            }
            return nil
        }
        if budgetHit { validationBudgetSpent = true }
        for hit in hits {
            // "Tracking number: 7706277974" is a valid-looking number that is not a phone.
            if hit.start == 0 && Self.labelledAsIdentifier(recent: recent, before: runStreamStart) { continue }
            let originStart = runOrigins[hit.start]
            let originEnd = hit.end < runOrigins.count ? runOrigins[hit.end] : terminatorOrigin
            let evidence = Self.evidence(original: original, from: originStart, to: originEnd)
                ?? String(decoding: run[hit.start..<hit.end], as: UTF8.self)
            // Vanity numbers are printed in capitals; lower-case words after a number are text.
            if hit.vanity && evidence.unicodeScalars.contains(where: { $0.properties.isLowercase }) { continue }
            let finding = PhoneFinding(e164: "", type: .other, region: "", views: [view], evidence: evidence,
                                       offset: runStreamStart + hit.start)
            guard let phone = hit.phone else {
                if deferred.count < Self.maxDeferred { deferred.append((hit.candidate, finding, hit.obfuscated)) }
                continue
            }
            if hit.obfuscated { sawObfuscation = true }
            var found = finding
            found.e164 = phone.e164
            found.type = phone.type
            found.region = phone.region
            record(found)
        }
    }

    private mutating func resetRun() {
        run.removeAll(keepingCapacity: true)
        runOrigins.removeAll(keepingCapacity: true)
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
        var phone: ValidatedPhone?
        for region in regions {
            phone = PhoneValidator.validate(candidate.digits, region: region)
            if phone != nil { break }
        }
        guard let phone else { return }
        // Cut from the normalised text (the original's offsets are not kept per word); a
        // sequence longer than the ring falls back to its digits.
        let evidence = recent.bytes(from: candidate.start, to: candidate.end)
            .map { String(decoding: $0.prefix(256), as: UTF8.self) } ?? String(decoding: candidate.digits, as: UTF8.self)
        sawObfuscation = true
        var finding = PhoneFinding(e164: phone.e164, type: phone.type, region: phone.region, views: [view],
                                   evidence: evidence, offset: candidate.start)
        finding.offsets = [candidate.start]
        record(finding)
    }

    /// Words that label the number after them as an identifier, as the normaliser spells them.
    static let identifierLabels: [[UInt8]] = [
        "tracking", "track", "tracknum", "shipment", "order", "invoice", "inv", "reference", "ref",
        "transaction", "account", "acct", "confirmation", "awb", "waybill", "parcel", "package",
        "consignment", "serial", "sku", "member", "membership", "policy", "customer", "receipt", "routing",
    ].map { Array($0.utf8) }

    /// "order number: ", "tracking #", "invoice no. " right before the number.
    static func labelledAsIdentifier(recent: ByteRing, before offset: Int) -> Bool {
        let from = max(0, offset - labelWindow, recent.total - recent.capacity)
        guard offset > from, var window = recent.bytes(from: from, to: offset) else { return false }
        func trimPunctuation() {
            while let last = window.last, last == 0x20 || last == UInt8(ascii: ":") || last == UInt8(ascii: "#")
                || last == UInt8(ascii: ".") || last == UInt8(ascii: "-") || last == UInt8(ascii: "=") {
                window.removeLast()
            }
        }
        trimPunctuation()
        for word in ["number", "num", "no", "nr", "id", "code"] {
            let w = Array(word.utf8)
            if window.count > w.count && Array(window.suffix(w.count)) == w
                && !PhoneCandidates.isWordByte(window[window.count - w.count - 1]) {
                window.removeLast(w.count)
                trimPunctuation()
                break
            }
        }
        return identifierLabels.contains { label in
            window.count >= label.count && Array(window.suffix(label.count)) == label
                && (window.count == label.count || !PhoneCandidates.isWordByte(window[window.count - label.count - 1]))
        }
    }

    /// What the sender wrote, trimmed; a few hundred bytes at most even if padded with invisibles.
    static func evidence(original: ByteRing, from: Int, to: Int) -> String? {
        guard to > from, to - from <= 512, let bytes = original.bytes(from: from, to: to) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.trimmingSpaces()
    }

    private mutating func record(_ finding: PhoneFinding) {
        if let at = index[finding.e164] {
            phones[at].views.formUnion(finding.views)
            if phones[at].offsets.count < PhoneFinding.maxOffsets && !phones[at].offsets.contains(finding.offset) {
                phones[at].offsets.append(finding.offset)
            }
            return
        }
        guard phones.count < maxPhones else { limitReached = true; return }
        index[finding.e164] = phones.count
        phones.append(finding)
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
