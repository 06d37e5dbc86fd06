private import CPhone

/// A number libphonenumber accepted, with what it says about it.
struct ValidatedPhone: Sendable, Equatable {
    var e164: String
    var type: PhoneType
    var region: String
    /// Digit groups as libphonenumber formats the number internationally (country code
    /// first) and nationally.
    var internationalGroups: [Int] = []
    var nationalGroups: [Int] = []
    /// Written as that region writes its own numbers (see `hookline_phone_result.faithful`):
    /// a national number read with a foreign region's plan is a coincidence, not a phone.
    var faithful = true

    /// Whether `groups` (the digit groups a sender wrote) could be this number's own
    /// grouping, merged or not: "864 347 2494" and "8643472494" yes, "12345 864 347" no.
    ///
    /// Each reference grouping is read where it lies (the international groups without the
    /// country code as a slice, the national ones after a trunk "1" as a lead): building them
    /// as arrays of arrays allocated five to seven times a call (~9 calls a message).
    func isGroupedLike(_ groups: [Int]) -> Bool {
        if groups.count <= 1 { return true }
        let written = groups[...]
        let international = internationalGroups[...]
        let national = nationalGroups[...]
        let localRate = hasLocalRateGrouping
        if Self.coarsens(written, international) || Self.coarsens(written, national)
            || Self.coarsens(written, international.dropFirst()) || Self.coarsens(written, national, lead: 1)
            || (localRate && Self.coarsens(written, Self.localRateGroups[...]))
        {
            return true
        }
        // Or split further, as people write the long groups of a national number ("01423
        // 567 209" for 01423 567209); still every written group inside one of the number's.
        // Single digits are spacing, not grouping ("1 8 0 0 …", "0 800 47 12 90").
        guard groups.allSatisfy({ $0 >= 2 }) else { return false }
        return Self.splitsFurther(written, national) || Self.splitsFurther(written, international.dropFirst())
            || (localRate && Self.splitsFurther(written, Self.localRateGroups[...]))
    }

    /// `written` has more groups than `reference`, each inside one of its groups.
    static func splitsFurther(_ written: [Int], _ reference: [Int]) -> Bool {
        splitsFurther(written[...], reference[...])
    }

    static func splitsFurther(_ written: ArraySlice<Int>, _ reference: ArraySlice<Int>) -> Bool {
        !reference.isEmpty && written.count > reference.count && coarsens(reference, written)
    }

    /// Groupings a country's own people write besides libphonenumber's one format: Britain's
    /// national-rate 03, 084 and 087 numbers with a five-digit prefix ("03457 740 740",
    /// "08457 909090"), the old local-rate style that companies still print, where the
    /// metadata writes "0345 774 0740".
    var customaryNationalGroups: [[Int]] {
        hasLocalRateGrouping ? [Self.localRateGroups] : []
    }

    /// Britain's 03xx, 084x and 087x numbers (``customaryNationalGroups``), written "03457 740 740".
    var hasLocalRateGrouping: Bool {
        guard region == "GB", e164.hasPrefix("+44"), e164.utf8.count == 13 else { return false }
        // 03xx, 084x and 087x; never 0800, which is always printed "0800 …"
        let nsn = e164.utf8.dropFirst(3)
        return nsn.starts(with: "3".utf8) || nsn.starts(with: "84".utf8) || nsn.starts(with: "87".utf8)
    }

    /// The five-digit prefix and six-digit rest of ``hasLocalRateGrouping``'s numbers.
    static let localRateGroups = [5, 6]

    /// Written in the country's own national grouping, or with its groups split further;
    /// never coarser ("0417 1643 00" of an IBAN is no French "04 17 16 43 00").
    func isWrittenAsNational(_ groups: [Int]) -> Bool {
        groups == nationalGroups || (groups.count > nationalGroups.count && isGroupedLike(groups))
            || customaryNationalGroups.contains { groups == $0 || Self.splitsFurther(groups, $0) }
    }

    /// Each written group is a run of whole reference groups.
    static func coarsens(_ written: [Int], _ reference: [Int]) -> Bool {
        coarsens(written[...], reference[...])
    }

    /// ``coarsens(_:_:)`` against `reference` with `lead`, when given, before its first
    /// group (a trunk "1" before the national groups), without building that array.
    static func coarsens(_ written: ArraySlice<Int>, _ reference: ArraySlice<Int>, lead: Int? = nil) -> Bool {
        let count = reference.count &+ (lead == nil ? 0 : 1)
        guard count > 0 else { return false }
        let offset = reference.startIndex &- (lead == nil ? 0 : 1)
        var r = 0
        for group in written {
            var sum = 0
            while sum < group && r < count {
                if let lead, r == 0 { sum += lead } else { sum += reference[offset &+ r] }
                r &+= 1
            }
            if sum != group { return false }
        }
        return r == count
    }
}

/// Whether a digit string is a real phone number is libphonenumber's call, not ours:
/// its metadata knows every country's numbering plan. This is the only file that
/// talks to the C++ shim.
enum PhoneValidator {
    /// libphonenumber builds its metadata on first use; doing it here, once, keeps that
    /// cost and its static initialisation out of the first message's latency.
    static let ready: Bool = {
        hookline_phone_init()
        return true
    }()

    /// libphonenumber compiles a region's regular expressions the first time it is asked
    /// about that region (~77 M instructions over the first messages after a start); asked
    /// once here about a fixed-line number of the region numbers are read in by default, at
    /// engine load, so `run`, `scan` and a reload find them built. Once per process; answers
    /// are unchanged (a cache).
    static let warmed: Bool = {
        _ = ready
        warmRegions.joined(separator: ",").withCString { hookline_phone_warm($0) }
        return true
    }()

    /// The default region alone (``TextAnalyzer``'s, which `MessageScan` uses): most numbers
    /// are read in it. Not every region the ranking can name from the text (34): their
    /// expressions stay resident for the life of the process whether mail ever needs them
    /// or not, which measured +7 MB idle and +1.7 MB peak RSS after the corpus mix at 4
    /// connections (the daemon's memory bar), for a first-message gain a region's first
    /// message pays once anyway.
    static let warmRegions = ["US"]

    /// `candidate` is ASCII digits with an optional leading "+". With `allowPossible`, a
    /// number of the right length for its country that the metadata does not list as
    /// allocated still counts: Debian's libphonenumber lags new ranges, and a lure may print
    /// an unallocated number; only worth it where the "+" already says "this is a phone".
    static func validate(_ candidate: [UInt8], region: String, allowPossible: Bool = false) -> ValidatedPhone? {
        _ = ready
        var result = hookline_phone_result()
        let ok = candidate.withUnsafeBufferPointer { digits -> Int32 in
            guard let base = digits.baseAddress else { return 0 }
            return base.withMemoryRebound(to: CChar.self, capacity: digits.count) { chars in
                region.withCString { hookline_phone_validate(chars, digits.count, $0, allowPossible ? 1 : 0, &result) }
            }
        }
        guard ok == 1 else { return nil }
        let e164 = withUnsafeBytes(of: &result.e164) { cString($0) }
        let region = withUnsafeBytes(of: &result.region) { cString($0) }
        let international = withUnsafeBytes(of: &result.international_groups) {
            $0.prefix(Int(result.international_group_count)).map(Int.init)
        }
        let national = withUnsafeBytes(of: &result.national_groups) {
            $0.prefix(Int(result.national_group_count)).map(Int.init)
        }
        return ValidatedPhone(
            e164: e164, type: result.valid == 1 ? phoneType(result.type) : .other, region: region,
            internationalGroups: international, nationalGroups: national,
            faithful: result.faithful == 1)
    }

    /// The region whose answer for `candidate` is `region`'s in every field (Canada's is
    /// America's for digits not beginning with "1"; see region_plan.cpp), so a message asks
    /// libphonenumber once for both; `region` itself when no other is known to answer alike.
    static func twin(of region: String, for candidate: [UInt8]) -> String {
        var out: (CChar, CChar, CChar, CChar) = (0, 0, 0, 0)
        let found = candidate.withUnsafeBufferPointer { digits -> Int32 in
            guard let base = digits.baseAddress else { return 0 }
            return base.withMemoryRebound(to: CChar.self, capacity: digits.count) { chars in
                withUnsafeMutablePointer(to: &out) { tuple in
                    tuple.withMemoryRebound(to: CChar.self, capacity: 4) { twin in
                        region.withCString { hookline_phone_twin(chars, digits.count, $0, twin) }
                    }
                }
            }
        }
        guard found == 1 else { return region }
        return withUnsafeBytes(of: &out) { cString($0) }
    }

    private static func cString(_ raw: UnsafeRawBufferPointer) -> String {
        let end = raw.firstIndex(of: 0) ?? raw.count
        return String(decoding: raw[..<end], as: UTF8.self)
    }

    private static func phoneType(_ code: Int32) -> PhoneType {
        switch Int(code) {
        case HOOKLINE_PHONE_FIXED: return .fixed
        case HOOKLINE_PHONE_MOBILE: return .mobile
        case HOOKLINE_PHONE_FIXED_OR_MOBILE: return .fixedOrMobile
        case HOOKLINE_PHONE_TOLL_FREE: return .tollFree
        case HOOKLINE_PHONE_PREMIUM: return .premium
        case HOOKLINE_PHONE_SHARED_COST: return .sharedCost
        case HOOKLINE_PHONE_VOIP: return .voip
        default: return .other
        }
    }
}
