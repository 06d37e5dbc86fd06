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

    /// A question exactly as asked, packed into two integers (``pack(_:region:allowPossible:)``):
    /// a repeat is found by hashing 12 bytes, not an array and a string, and before the twin
    /// region is asked of the shim.
    private struct Packed: Hashable {
        var digits: UInt64
        var region: UInt32
        init(_ packed: (digits: UInt64, region: UInt32)) {
            digits = packed.digits
            region = packed.region
        }
    }
    private var asked: [Packed: ValidatedPhone?] = [:]

    mutating func validate(_ digits: [UInt8], region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        guard let packed = Self.pack(digits, region: region, allowPossible: allowPossible).map(Packed.init) else {
            return validateByTwin(digits, region: region, allowPossible: allowPossible)
        }
        if let known = asked[packed] { return known }
        // The twin's question packed into the same table: each key holds the answer to its own
        // question, and a twin's answer is the region's in every field. Looked up through
        // ``Question`` (an array and a string hashed, ~630 instructions a find, twice for each
        // new question, which nearly every miss is) it cost ~7 k instructions a message in the daemon.
        let twin = PhoneValidator.twin(of: region, for: digits)
        let twinPacked = twin == region ? nil : Self.pack(digits, region: twin, allowPossible: allowPossible).map(Packed.init)
        if let twinPacked, let known = asked[twinPacked] {
            remember(known, for: packed)
            return known
        }
        let answer = PhoneValidator.validate(digits, region: region, allowPossible: allowPossible)
        remember(answer, for: packed)
        if let twinPacked { remember(answer, for: twinPacked) }
        return answer
    }

    private mutating func remember(_ answer: ValidatedPhone?, for packed: Packed) {
        guard asked.count < Self.capacity else { return }
        // Room for a message's usual questions at once, not grown 1, 3, 6, 12 with a rehash each.
        if asked.isEmpty { asked.reserveCapacity(Self.firstCapacity) }
        asked[packed] = answer
    }

    /// The memo as it was before ``Packed``: asked for questions that do not pack (more than 16
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
        var utf8 = region.utf8.makeIterator()
        guard let r0 = utf8.next(), let r1 = utf8.next(), utf8.next() == nil else { return nil }
        return (code, UInt32(r0) << 9 | UInt32(r1) << 1 | (allowPossible ? 1 : 0))
    }
}
