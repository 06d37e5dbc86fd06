/// Keypad letters in a number ("1-888-MSFT-HELP"): where they may start and how many count.
extension PhoneScanner {
    /// Keypad letters written since the vanity word began.
    func countVanityLetters() -> Int { countSinceVanityStart { $0 >= 0x61 && $0 <= 0x7A } }

    /// Letters and digits written since the vanity word began ("HELP-365" is seven).
    func countVanityKeys() -> Int {
        countSinceVanityStart { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private func countSinceVanityStart(_ counts: (UInt8) -> Bool) -> Int {
        guard let from = vanityStart else { return 0 }
        return run[from...].reduce(0) { $0 + (counts($1) ? 1 : 0) }
    }

    /// Letters may follow "1-800", "(888)", "1 844 55": a toll-free prefix and room left.
    func vanityEligible() -> Bool {
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
        return digits[1] == digits[2]
            && (digits[1] == UInt8(ascii: "0") || (digits[1] >= UInt8(ascii: "3") && digits[1] <= UInt8(ascii: "8")))
    }
}
