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
        return runSoFar[from...].reduce(0) { $0 + (counts($1) ? 1 : 0) }
    }

    /// Letters may follow "1-800", "(888)", "1 844 55": a toll-free prefix and room left.
    /// Asked whenever a letter follows digits ("2nd", "10am"): it counts the keys and keeps the
    /// first four instead of collecting them all in an array.
    func vanityEligible() -> Bool { Self.isVanityPrefix(runSoFar.prefix(max(0, runCount - pendingLetters))) }

    /// Whether `written` (a run's bytes before its letters) is a toll-free prefix with room left.
    static func isVanityPrefix<Written: Sequence<UInt8>>(_ written: Written) -> Bool {
        var count = 0
        var head: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        for b in written {
            let key: UInt8
            switch b {
            case 0x30...0x39: key = b
            case UInt8(ascii: "o"): key = UInt8(ascii: "0")
            case UInt8(ascii: "l"), UInt8(ascii: "i"), UInt8(ascii: "|"): key = UInt8(ascii: "1")
            default: continue
            }
            switch count {
            case 0: head.0 = key
            case 1: head.1 = key
            case 2: head.2 = key
            case 3: head.3 = key
            default: break
            }
            count += 1
        }
        // A leading "1" is the trunk prefix: the three keys after it decide.
        var prefix = (head.0, head.1, head.2)
        if count > 0 && head.0 == UInt8(ascii: "1") {
            count -= 1
            prefix = (head.1, head.2, head.3)
        }
        guard count >= 3 && count <= 7, prefix.0 == UInt8(ascii: "8") else { return false }
        return prefix.1 == prefix.2
            && (prefix.1 == UInt8(ascii: "0") || (prefix.1 >= UInt8(ascii: "3") && prefix.1 <= UInt8(ascii: "8")))
    }

    /// The array form ``isVanityPrefix(_:)`` replaced, kept for the test that holds the two equal.
    static func isVanityPrefixReference(_ written: ArraySlice<UInt8>) -> Bool {
        var digits: [UInt8] = []
        for b in written {
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
