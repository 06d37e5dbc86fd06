import HooklineCore

/// Finds phone numbers in the normalised stream, however the text is chunked.
///
/// Idle, it only looks for a byte that can start a number (a digit, "+" or "("), so plain
/// prose costs one table test per byte. From there it collects a bounded run of digits,
/// separators and the few letters that can stand for digits or spell a vanity number; when
/// the run ends, ``PhoneCandidates`` decides what in it is a number. The run is the only
/// state carried between chunks, so a number split across `text()` calls is still seen whole.
struct PhoneScanner {
    static let maxRunBytes = 96
    /// libphonenumber calls per message; hostile digit soup cannot make a message slow.
    static let maxValidations = 2000

    private(set) var phones: [PhoneFinding] = []
    private(set) var sawObfuscation = false
    private(set) var limitReached = false
    private(set) var validationBudgetSpent = false

    private let regions: [String]
    private let maxPhones: Int
    private var validations = 0
    private var index: [String: Int] = [:]

    private var run: [UInt8] = []
    private var runOrigins: [Int] = []
    private var runStreamStart = 0
    private var runContext = RunContext()
    private var vanityStart: Int?
    private var vanityLettersBegun = false
    private var consecutiveSeps = 0
    private var pendingLetters = 0
    private var prev: (UInt8, UInt8, UInt8) = (0, 0, 0)

    init(regions: [String], maxPhones: Int) {
        self.regions = regions.isEmpty ? ["US"] : regions
        self.maxPhones = maxPhones
        run.reserveCapacity(Self.maxRunBytes)
        runOrigins.reserveCapacity(Self.maxRunBytes)
    }

    /// `originBase + origins[i]` is the original-text offset of `bytes[i]`; `streamBase` the normalised
    /// stream offset of `bytes[0]`.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, origins: UnsafeBufferPointer<Int32>, originBase: Int,
                       streamBase: Int, view: TextView, original: ByteRing) {
        let n = bytes.count
        var i = 0
        while i < n {
            if run.isEmpty {
                // Prose: skip to the next byte that can begin a number.
                while i < n && !Self.startsRun(bytes[i]) { i += 1 }
                if i == n { break }
                runContext = RunContext(before: (before(i, 1, bytes), before(i, 2, bytes), before(i, 3, bytes)), after: 0)
                runStreamStart = streamBase + i
                run.append(bytes[i])
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
            endRun(terminator: b, terminatorOrigin: originBase + Int(origins[i]), view: view, original: original)
        }
        if n >= 3 {
            prev = (bytes[n - 1], bytes[n - 2], bytes[n - 3])
        } else if n == 2 {
            prev = (bytes[1], bytes[0], prev.0)
        } else if n == 1 {
            prev = (bytes[0], prev.0, prev.1)
        }
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

    /// End of a view: whatever run is open ends here, and the next view starts fresh.
    mutating func endView(originEnd: Int, view: TextView, original: ByteRing) {
        if !run.isEmpty { endRun(terminator: 0, terminatorOrigin: originEnd, view: view, original: original) }
        prev = (0, 0, 0)
    }

    @inline(__always)
    static func startsRun(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "+") || b == UInt8(ascii: "(")
    }

    private mutating func accept(_ b: UInt8) -> Bool {
        guard run.count < Self.maxRunBytes else { return false }
        switch b {
        case 0x30...0x39:
            if vanityLettersBegun { return false }
            consecutiveSeps = 0
            pendingLetters = 0
            return true
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"),
             UInt8(ascii: "("), UInt8(ascii: ")"):
            if consecutiveSeps >= 4 { return false }
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
            // Vanity letters join their prefix with a dash or dot ("1-888-MSFT"); "888 people" is prose.
            let joiner = run.dropLast(pendingLetters).last ?? 0
            let joined = joiner == UInt8(ascii: "-") || joiner == UInt8(ascii: ".") || (joiner >= 0x30 && joiner <= 0x39)
            if b != UInt8(ascii: "|") && joined && vanityEligible() {
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

    private mutating func endRun(terminator: UInt8, terminatorOrigin: Int, view: TextView, original: ByteRing) {
        runContext.after = terminator
        var budgetHit = false
        let hits = PhoneCandidates.find(in: run, vanityStart: vanityStart, context: runContext) { candidate in
            guard self.validations < Self.maxValidations else { budgetHit = true; return nil }
            self.validations += 1
            let isInternational = candidate.first == UInt8(ascii: "+")
            for region in isInternational ? [self.regions[0]] : self.regions {
                if let phone = PhoneValidator.validate(candidate, region: region) { return phone }
            }
            return nil
        }
        if budgetHit { validationBudgetSpent = true }
        for hit in hits {
            let originStart = runOrigins[hit.start]
            let originEnd = hit.end < runOrigins.count ? runOrigins[hit.end] : terminatorOrigin
            let evidence = Self.evidence(original: original, from: originStart, to: originEnd)
                ?? String(decoding: run[hit.start..<hit.end], as: UTF8.self)
            // Vanity numbers are printed in capitals; lower-case words after a number are text.
            if hit.vanity && evidence.unicodeScalars.contains(where: { $0.properties.isLowercase }) { continue }
            if hit.obfuscated { sawObfuscation = true }
            record(hit.phone, view: view, evidence: evidence, offset: runStreamStart + hit.start)
        }
        run.removeAll(keepingCapacity: true)
        runOrigins.removeAll(keepingCapacity: true)
        vanityStart = nil
        vanityLettersBegun = false
        consecutiveSeps = 0
        pendingLetters = 0
    }

    /// What the sender wrote, trimmed; a few hundred bytes at most even if padded with invisibles.
    static func evidence(original: ByteRing, from: Int, to: Int) -> String? {
        guard to > from, to - from <= 512, let bytes = original.bytes(from: from, to: to) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.trimmingSpaces()
    }

    private mutating func record(_ phone: ValidatedPhone, view: TextView, evidence: String, offset: Int) {
        if let at = index[phone.e164] {
            phones[at].views.insert(view)
            return
        }
        guard phones.count < maxPhones else { limitReached = true; return }
        index[phone.e164] = phones.count
        phones.append(PhoneFinding(e164: phone.e164, type: phone.type, region: phone.region,
                                   views: [view], evidence: evidence, offset: offset))
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
