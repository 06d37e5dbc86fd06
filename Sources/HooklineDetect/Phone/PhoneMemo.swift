/// libphonenumber's answers for one message.
///
/// Its answer is a function of the digits, the region and `allowPossible` alone, and a
/// message asks the same question many times: the same number in the plain, HTML and
/// subject views, and every held number again at the end with the final ranking of
/// regions. Each question costs tens of thousands of instructions of ICU regex matching
/// (23 % of all steady-state instructions, docs/PERFORMANCE.md); a repeat costs a hash.
/// Regions that answer alike share one question (``PhoneValidator/twin(of:for:)``).
/// What the scanner counts against its validation budget is unchanged.
struct PhoneMemo {
    /// Beyond this many distinct questions a message is asked without memo (bounded memory).
    static let capacity = 512
    /// What each table holds before it first grows.
    static let firstCapacity = 16

    private struct Question: Hashable {
        var digits: [UInt8]
        var region: String
        var allowPossible: Bool
    }
    private var answers: [Question: ValidatedPhone?] = [:]

    /// A candidate's digits with their packed form (``packDigits(_:)``; 0 when they do not
    /// pack), made once for the regions a caller tries in turn: packed again for each region
    /// (three a candidate on average), the digits cost ~4 k instructions a message in the daemon.
    struct Digits {
        let bytes: [UInt8]
        let code: UInt64
        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            code = PhoneMemo.packDigits(bytes) ?? 0
        }
    }

    /// A question exactly as asked, packed into two integers (``pack(_:region:allowPossible:)``),
    /// and where its answer is in `known`. `digits` 0: a free slot (packed digits never are 0).
    private struct Slot {
        var digits: UInt64 = 0
        var region: UInt32 = 0
        var answer: Int32 = 0
    }
    /// Open addressing over the packed questions, a power of two at most half full, empty
    /// until the first question: a repeat is found with a multiply and a compare or two, where
    /// a `Dictionary` keyed by them hashed 12 bytes with SipHash (~240 instructions a find,
    /// two for each new question; ~6 k instructions a message in the daemon).
    private var slots: [Slot] = []
    /// Questions in `slots`; at most ``capacity``.
    private var used = 0
    /// The answers `slots` point at (a question and its twin share one).
    private var known: [ValidatedPhone?] = []

    mutating func validate(_ digits: [UInt8], region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        validate(Digits(digits), region: region, allowPossible: allowPossible)
    }

    mutating func validate(_ digits: Digits, region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        guard digits.code != 0, let regionCode = Self.packRegion(region, allowPossible: allowPossible) else {
            return validateByTwin(digits.bytes, region: region, allowPossible: allowPossible)
        }
        let own = find(digits.code, regionCode)
        if own >= 0 { return known[own] }
        // The twin's question in the same table: each key holds the answer to its own
        // question, and a twin's answer is the region's in every field.
        let twin = PhoneValidator.twin(of: region, for: digits.bytes)
        let twinCode = twin == region ? nil : Self.packRegion(twin, allowPossible: allowPossible)
        if let twinCode {
            let shared = find(digits.code, twinCode)
            if shared >= 0 {
                remember(shared, digits.code, regionCode)
                return known[shared]
            }
        }
        let answer = PhoneValidator.validate(digits.bytes, region: region, allowPossible: allowPossible)
        guard used < Self.capacity else { return answer }
        known.append(answer)
        let index = known.count - 1
        remember(index, digits.code, regionCode)
        if let twinCode { remember(index, digits.code, twinCode) }
        return answer
    }

    /// Where in `known` the answer to the packed question is, or -1.
    @inline(__always)
    private func find(_ digits: UInt64, _ region: UInt32) -> Int {
        slots.withUnsafeBufferPointer { table in
            guard table.count > 0 else { return -1 }
            let mask = table.count &- 1
            var slot = Self.slot(digits, region, table.count)
            while true {
                let entry = table[slot]
                if entry.digits == 0 { return -1 }
                if entry.digits == digits && entry.region == region { return Int(entry.answer) }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// The first slot a packed question is looked for in, of `size` (a power of two).
    @inline(__always)
    private static func slot(_ digits: UInt64, _ region: UInt32, _ size: Int) -> Int {
        let mixed = (digits ^ UInt64(region) << 40 ^ UInt64(region)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(64 &- size.trailingZeroBitCount))
    }

    /// Files `answer` (an index into `known`) under the packed question, unless the memo is full.
    private mutating func remember(_ answer: Int, _ digits: UInt64, _ region: UInt32) {
        guard used < Self.capacity else { return }
        // Room for a message's usual questions at once; doubled when half full.
        if slots.isEmpty {
            slots = [Slot](repeating: Slot(), count: Self.firstCapacity * 2)
            known.reserveCapacity(Self.firstCapacity)
        } else if (used &+ 1) &* 2 > slots.count {
            let old = slots
            slots = [Slot](repeating: Slot(), count: old.count * 2)
            for entry in old where entry.digits != 0 { insert(entry) }
        }
        insert(Slot(digits: digits, region: region, answer: Int32(answer)))
        used &+= 1
    }

    /// Puts `entry` in the first free slot of its probe (the question is not in the table).
    private mutating func insert(_ entry: Slot) {
        let mask = slots.count &- 1
        var slot = Self.slot(entry.digits, entry.region, slots.count)
        while slots[slot].digits != 0 { slot = (slot &+ 1) & mask }
        slots[slot] = entry
    }

    /// The memo as it was before the packed table (``Slot``): asked for questions that do not pack (more than 16
    /// bytes, or not digits and "+").
    mutating func validateByTwin(_ digits: [UInt8], region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        let question = Question(digits: digits, region: PhoneValidator.twin(of: region, for: digits), allowPossible: allowPossible)
        if let known = answers[question] { return known }
        let answer = PhoneValidator.validate(digits, region: region, allowPossible: allowPossible)
        if answers.count < Self.capacity {
            if answers.isEmpty { answers.reserveCapacity(Self.firstCapacity) }
            answers[question] = answer
        }
        return answer
    }

    /// One-to-one for 1 to 16 bytes, each a digit or "+" (a nibble each: digit + 1, "+" = 11,
    /// 0 after the last), and a region of two bytes; nil for any other question, which is
    /// then looked up by ``validateByTwin(_:region:allowPossible:)`` alone.
    static func pack(_ digits: [UInt8], region: String, allowPossible: Bool) -> (digits: UInt64, region: UInt32)? {
        guard let code = packDigits(digits), let regionCode = packRegion(region, allowPossible: allowPossible) else {
            return nil
        }
        return (code, regionCode)
    }

    /// The digits' half of ``pack(_:region:allowPossible:)``: never 0.
    static func packDigits(_ digits: [UInt8]) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var code: UInt64 = 0
        var shift: UInt64 = 0
        for b in digits {
            let nibble: UInt64
            if b >= 0x30 && b <= 0x39 {
                nibble = UInt64(b - 0x30) + 1
            } else if b == UInt8(ascii: "+") {
                nibble = 11
            } else {
                return nil
            }
            code |= nibble << shift
            shift += 4
        }
        return code
    }

    /// The region's and `allowPossible`'s half of ``pack(_:region:allowPossible:)``.
    @inline(__always)
    static func packRegion(_ region: String, allowPossible: Bool) -> UInt32? {
        var utf8 = region.utf8.makeIterator()
        guard let r0 = utf8.next(), let r1 = utf8.next(), utf8.next() == nil else { return nil }
        return UInt32(r0) << 9 | UInt32(r1) << 1 | (allowPossible ? 1 : 0)
    }
}
