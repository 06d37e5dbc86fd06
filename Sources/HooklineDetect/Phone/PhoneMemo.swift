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

    private struct Question: Hashable {
        var digits: [UInt8]
        var region: String
        var allowPossible: Bool
    }
    private var answers: [Question: ValidatedPhone?] = [:]

    mutating func validate(_ digits: [UInt8], region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        let question = Question(digits: digits, region: PhoneValidator.twin(of: region, for: digits), allowPossible: allowPossible)
        if let known = answers[question] { return known }
        let answer = PhoneValidator.validate(digits, region: region, allowPossible: allowPossible)
        if answers.count < Self.capacity { answers[question] = answer }
        return answer
    }
}
