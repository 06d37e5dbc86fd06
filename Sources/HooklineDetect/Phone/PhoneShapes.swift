/// Digit shapes that are never phone numbers, whatever a numbering plan would accept:
/// dates, IP addresses, amounts, thousands and decimals.
extension PhoneCandidates {
    /// "05.04.2026", and a date with a four-digit year that something else follows
    /// ("05.04.2026 1 x chair"): no numbering plan groups a number 2.2.4 and goes on.
    /// A day, month and four-digit year anywhere in the run ("LH 2 | 02.12.2026 | …"): no
    /// numbering plan groups digits 2.2.4 with dots or slashes.
    static func containsDate(_ groups: [Int], _ seps: [UInt8]) -> Bool {
        guard groups.count >= 4, seps.count >= groups.count - 1 else { return false }
        for i in 0...(groups.count - 3) where groups[i] <= 2 && groups[i + 1] <= 2 && groups[i + 2] == 4 {
            if seps[i] == seps[i + 1] && (seps[i] == UInt8(ascii: ".") || seps[i] == UInt8(ascii: "/")) { return true }
        }
        return false
    }

    static func looksLikeDate(_ groups: [Int], _ seps: [UInt8]) -> Bool {
        guard groups.count >= 3, seps.count >= 2, seps[0] == seps[1],
            seps[0] == UInt8(ascii: "-") || seps[0] == UInt8(ascii: "/") || seps[0] == UInt8(ascii: ".")
        else { return false }
        let (x, y, z) = (groups[0], groups[1], groups[2])
        if groups.count > 3 { return x <= 2 && y <= 2 && z == 4 && seps[2] != seps[0] }
        return (x == 4 && y <= 2 && z <= 2) || (x <= 2 && y <= 2 && (z == 4 || z == 2))
    }

    /// Four dotted groups of at most three digits, each an octet: "800.19.84.27" is the way
    /// Italy writes a freephone number, not an address (800 is no octet).
    static func looksLikeIPAddress(_ groups: [Int], _ seps: [UInt8], _ digits: [UInt8]) -> Bool {
        guard groups.count == 4, seps.allSatisfy({ $0 == UInt8(ascii: ".") }), groups.allSatisfy({ $0 <= 3 }) else {
            return false
        }
        var at = 0
        for length in groups {
            guard at + length <= digits.count else { return true }
            let octet = digits[at..<(at + length)].reduce(0) { $0 * 10 + Int($1) - 48 }
            if octet > 255 { return false }
            at += length
        }
        return true
    }

    /// "1 234 567.90": one decimal point, two decimals.
    static func looksLikeAmount(_ groups: [Int], _ seps: [UInt8]) -> Bool {
        guard let last = seps.last, last == UInt8(ascii: "."), groups.last == 2 else { return false }
        return seps.filter { $0 == UInt8(ascii: ".") }.count == 1
    }

    /// "272.9446000", "1.234.567": one dot between two groups is a decimal point, and dots
    /// before groups of exactly three are thousands separators. Dotted phone numbers use at
    /// least two dots and groups of two or four somewhere ("864.347.2494", "01.42.68.53.00").
    static func looksLikeThousands(_ groups: [Int], _ seps: [UInt8]) -> Bool {
        let dot = UInt8(ascii: ".")
        guard !seps.isEmpty, seps.allSatisfy({ $0 == dot }) else { return false }
        if seps.count == 1 { return true }
        // Three groups of three is how Spain, Italy, Portugal and Poland dot their nine-digit
        // numbers ("800.187.329"); as an amount it would be hundreds of millions with no
        // currency beside it. The numbering plan decides.
        if groups == [3, 3, 3] { return false }
        return groups[0] <= 3 && groups.dropFirst().allSatisfy { $0 == 3 }
    }

    /// "8639.19  -45.34" (a stock index and its change): a decimal point after three or
    /// more digits followed by two decimals and no further dot. Dotted phone numbers group
    /// 3.3.4 (NANP) or 2.2.2.2.2 (France), never a long group and then two digits alone.
    static func looksLikeDecimals(_ groups: [Int], _ seps: [UInt8]) -> Bool {
        let dot = UInt8(ascii: ".")
        // Only the first dot can be a decimal point: "069.958.673.21" dots its groups.
        for i in seps.indices where seps[i] == dot && i + 1 < groups.count && !seps[..<i].contains(dot) {
            if groups[i] >= 3 && groups[i + 1] == 2 && (i + 1 >= seps.count || seps[i + 1] != dot) { return true }
        }
        return false
    }
}
