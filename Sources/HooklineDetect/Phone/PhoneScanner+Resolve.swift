import HooklineCore

/// Which country a held national number belongs to, asked at the end of the message when
/// every hint at its country is in.
extension PhoneScanner {
    /// The best reading of a national number among the ranked regions: written as that
    /// country writes it, grouped as it groups it if any region does.
    ///
    /// A number grouped exactly as the leading country groups its own numbers ("07700
    /// 900123" in British mail) is that country's even when the metadata lists the range as
    /// unallocated (reserved for drama, newly opened, or a lure's fake): a reader there dials
    /// it as one, and reading it as India's "77009 00123" would be a number nobody wrote.
    ///
    /// A country named right before the number ("Netherlands 020 …") is asked first and
    /// wins when its plan accepts the number, whatever the message's ranking.
    mutating func resolve(_ candidate: [UInt8], groups: [Int], labelled: String?) -> ValidatedPhone? {
        // Packed once for every region tried below.
        let digits = PhoneMemo.Digits(candidate)
        if let labelled, let phone = memo.validate(digits, region: labelled), phone.faithful {
            return phone
        }
        var first: ValidatedPhone?
        var firstRank = -1
        // A number only possible (unallocated) in a country ranked above the one where it is
        // valid, but grouped exactly as the first writes its numbers: "07911 482 330" in
        // English mail is a British mobile, not India's "079114 82330".
        var possibleAbove: ValidatedPhone?
        // Without a trunk "0" ("70439 18265" in mail to an Indian mailbox), only a grouping
        // exactly the higher country's, and only against a reading elsewhere that ignores
        // how it was written (America's 704-391-8265).
        var possibleAboveNeedsRival = false
        for (rank, region) in regions.enumerated() {
            guard let phone = memo.validate(digits, region: region), phone.faithful else {
                // A full national length: "347-2494" is no claim to a whole number.
                let trunk = candidate.first == UInt8(ascii: "0")
                guard rank < 3, first == nil, possibleAbove == nil, groups.count >= 2, candidate.count >= 10,
                    let possible = memo.validate(digits, region: region, allowPossible: true),
                    possible.faithful, possible.nationalGroups.count >= 2
                else { continue }
                if trunk && rank == 0 && ValidatedPhone.coarsens(groups, possible.nationalGroups) { return possible }
                if trunk ? possible.isWrittenAsNational(groups) : groups == possible.nationalGroups {
                    possibleAbove = possible
                    possibleAboveNeedsRival = !trunk
                }
                continue
            }
            if phone.isGroupedLike(groups) {
                // The grouping breaks a tie between countries the message points at about
                // equally; it does not move "03457 740 740" in mail charging "£" from Britain,
                // valid there, to India, whose own grouping it happens to fit.
                if let first, rank > 0, firstRank == 0, regionScores.count == regions.count,
                    regionScores[rank] * 2 <= regionScores[0]
                {
                    return preferTollFree(over: first, digits, groups: groups)
                }
                return preferTollFree(over: phone, digits, groups: groups)
            }
            if first == nil {
                first = phone
                firstRank = rank
            }
        }
        if let possibleAbove, !possibleAboveNeedsRival || first != nil { return possibleAbove }
        return first ?? trunkZeroFallback(digits, groups: groups)
    }

    /// "(888) 555-0123" in a Spanish or Italian lure is America's toll-free line, which
    /// Mexico or Italy would read as a landline: where the message's countries include North
    /// America, its toll-free reading wins over another country's ordinary one.
    private mutating func preferTollFree(over phone: ValidatedPhone, _ candidate: PhoneMemo.Digits, groups: [Int]) -> ValidatedPhone {
        guard phone.type != .tollFree, phone.region != "US", phone.region != "CA",
            let nanp = regions.first(where: { $0 == "US" || $0 == "CA" }),
            let toll = memo.validate(candidate, region: nanp), toll.faithful, toll.type == .tollFree,
            toll.isGroupedLike(groups)
        else { return phone }
        return toll
    }

    /// Countries whose national numbers begin with "0" (a trunk prefix, or Italy's leading
    /// zero), Europe's first: tried last, for a number nothing in the message placed.
    static let trunkZeroRegions = ["GB", "DE", "FR", "IT", "NL", "BE", "AT", "CH", "IE", "BR", "AU", "IN", "ZA", "NZ"]

    /// A number with a trunk "0" is never North American, and mail with too little text to
    /// vote for a language ("Reservations: 0800 279 7035") still writes one. Read it where
    /// it is valid and grouped exactly as written, so loose digits stay unread.
    private mutating func trunkZeroFallback(_ digits: PhoneMemo.Digits, groups: [Int]) -> ValidatedPhone? {
        let candidate = digits.bytes
        guard candidate.first == UInt8(ascii: "0"), groups.count >= 2, candidate.count >= 9 else { return nil }
        for region in Self.trunkZeroRegions where !regions.contains(region) {
            // Written as that country groups it, or its groups split further; never a coarser
            // grouping ("0417 1643 00" of an IBAN is no French "04 17 16 43 00").
            guard let phone = memo.validate(digits, region: region), phone.faithful else { continue }
            if phone.isWrittenAsNational(groups) {
                return phone
            }
        }
        return nil
    }

    /// Words that make a name an ask: alert rules and resources allow no spaces, so a lure
    /// glues its line into one ("CallBilling8554074611ToCancel", "callsupport8337242900").
    static let gluedAskWords: [[UInt8]] = ["call", "phone", "dial", "support", "helpline", "billing", "refund", "cancel"]
        .map { Array($0.utf8) }

    /// A North American toll-free number glued whole between letters, in a name that asks
    /// for a call. Other glued digits stay identifiers ("INV2245531234").
    mutating func gluedTollFree(_ run: [UInt8], recent: ByteRing) -> PhoneHit? {
        let digits = Array(run.prefix(while: ASCII.isDigit))
        guard digits.count == 10 || (digits.count == 11 && digits.first == UInt8(ascii: "1")),
            !run.dropFirst(digits.count).contains(where: { ASCII.isDigit($0) || ASCII.isAlpha($0) }),
            validations < Self.maxValidations
        else { return nil }
        let from = max(0, runStreamStart - 32, recent.total - recent.capacity)
        guard let before = recent.bytes(from: from, to: runStreamStart) else { return nil }
        let word = Array(
            before.reversed().prefix { ASCII.isAlpha($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
                .reversed()
        ).map(ASCII.lower)
        guard
            Self.gluedAskWords.contains(where: { w in
                word.count >= w.count && (0...(word.count - w.count)).contains { word[$0..<$0 + w.count].elementsEqual(w) }
            })
        else { return nil }
        validations += 1
        guard let phone = memo.validate(digits, region: "US"), phone.type == .tollFree,
            phone.region == "US" || phone.region == "CA"
        else { return nil }
        // Written where only a name fits, the number is hidden from its reader: obfuscation.
        return PhoneHit(start: 0, end: digits.count, phone: phone, candidate: digits, groups: [digits.count], obfuscated: true)
    }
}
