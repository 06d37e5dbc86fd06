import HooklineCore

@testable import HooklineDetect

/// `PhoneCandidates.find`, `search` and `check` as they were before a piece's digits, separators
/// and group lengths were written into arrays kept in the scratch (each `check` that reached them
/// allocated three, and each `search` grew its group list): the reference
/// `PieceScratchTests` holds the scratch path to, hit for hit and question for question.
enum ReferencePhoneCandidates {
    typealias Role = PhoneCandidates.Role
    typealias Segment = PhoneCandidates.Segment
    typealias Edge = PhoneCandidates.Edge
    typealias Scratch = PhoneCandidates.Scratch
    static let maxGroupsPerCandidate = PhoneCandidates.maxGroupsPerCandidate

    static func find(
        in run: [UInt8], vanityStart: Int?, context: RunContext, scratch: inout Scratch,
        validate: ([UInt8]) -> ValidatedPhone?
    ) -> [PhoneHit] {
        let n = run.count
        guard n > 0 else { return [] }
        // Swapped out and back, so the buffers are uniquely held here and reused, not copied.
        var role: [Role] = []
        var value: [UInt8] = []
        var obfuscated: [Bool] = []
        swap(&role, &scratch.role)
        swap(&value, &scratch.value)
        swap(&obfuscated, &scratch.obfuscated)
        defer {
            swap(&role, &scratch.role)
            swap(&value, &scratch.value)
            swap(&obfuscated, &scratch.obfuscated)
        }
        // Only `0..<n` of each is read (`resolveObfuscation`, `search` and `check` index inside
        // the run), so they are sized once to the longest run and each of their first `n`
        // written below: emptied and refilled for every run, the three cost ~1 k instructions.
        if role.count < n {
            let size = max(n, PhoneScanner.maxRunBytes)
            role = [Role](repeating: .sep, count: size)
            value = [UInt8](repeating: 0, count: size)
            obfuscated = [Bool](repeating: false, count: size)
        }
        // Cleared in one pass each (written element by element, each write tested the array's uniqueness).
        value.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[0..<n]).update(repeating: 0) }
        obfuscated.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[0..<n]).update(repeating: false) }
        let vanityFrom = vanityStart ?? n
        var vanityLetters = 0
        for k in 0..<n {
            let b = run[k]
            switch b {
            case 0x30...0x39: role[k] = .digit; value[k] = b
            case UInt8(ascii: "+"): role[k] = k == 0 ? .plus : .breaker
            case UInt8(ascii: ":"): role[k] = .colon
            case 0x61...0x7A where k >= vanityFrom:
                role[k] = .letter; value[k] = keypad(b); vanityLetters += 1
            case UInt8(ascii: "o"), UInt8(ascii: "l"), UInt8(ascii: "i"), UInt8(ascii: "|"):
                role[k] = .obfuscation
            case 0x61...0x7A: role[k] = .breaker
            default: role[k] = isSeparator(b) ? .sep : .breaker
            }
        }
        // Vanity numbers spell a word; three letters or fewer is text that happens to follow,
        // and one letter repeated ("578-XXXX") masks the digits a warning leaves out.
        let spelled = (vanityFrom..<n).filter { role[$0] == .letter }.map { run[$0] }
        if (vanityLetters > 0 && vanityLetters < 4) || (spelled.count >= 2 && Set(spelled).count == 1) {
            for k in vanityFrom..<n where role[k] == .letter || role[k] == .obfuscation { role[k] = .breaker }
        }
        resolveObfuscation(&role, &value, &obfuscated, run: run, before: context.before.0, after: context.after)
        var hits: [PhoneHit] = []
        var segStart = 0
        var k = 0
        while k <= n {
            if k == n || role[k] == .breaker || role[k] == .colon {
                if k > segStart {
                    let leftSplit: Role? = segStart == 0 ? nil : role[segStart - 1]
                    let rightSplit: Role? = k == n ? nil : role[k]
                    // A time has digits on both sides of its colon ("10:30"); "24/7: 888-…" is a
                    // label's colon, and the number after its space is whole.
                    let colonLeftIsTime =
                        leftSplit == .colon && segStart >= 2 && role[segStart - 2] == .digit
                        && role[segStart] == .digit
                    let colonRightIsTime = rightSplit == .colon && k + 1 < n && role[k + 1] == .digit
                    let segment = Segment(
                        start: segStart, end: k, leftSplit: leftSplit, rightSplit: rightSplit,
                        dropFirst: colonLeftIsTime || (segStart == 0 && context.extensionFirst),
                        dropLast: colonRightIsTime)
                    hits += search(
                        segment, run: run, role: role, value: value, obfuscated: obfuscated,
                        context: context, validate: validate)
                }
                segStart = k + 1
            }
            k += 1
        }
        return hits
    }
    /// O, l, I and | count as digits only when they sit against a digit and nothing but
    /// digits or separators surrounds them ("8OO-", "l-800"); "1 in 10" stays text.
    static func search(
        _ seg: Segment, run: [UInt8], role: [Role], value: [UInt8], obfuscated: [Bool],
        context: RunContext, validate: ([UInt8]) -> ValidatedPhone?
    ) -> [PhoneHit] {
        // Every piece `check`s is inside the segment: with fewer than seven digits in all, none
        // is a number, and the group list need not be built.
        var keys = 0
        for k in seg.start..<seg.end where role[k] == .digit || role[k] == .letter { keys += 1 }
        guard keys >= 7 else { return [] }
        var groups: [(Int, Int)] = []
        var g = seg.start
        while g < seg.end {
            while g < seg.end && run[g] == 0x20 { g += 1 }
            let from = g
            while g < seg.end && run[g] != 0x20 { g += 1 }
            if g > from && (from..<g).contains(where: { role[$0] == .digit || role[$0] == .letter }) {
                groups.append((from, g))
            }
        }
        let firstUsable = seg.dropFirst ? 1 : 0
        var lastUsable = groups.count - (seg.dropLast ? 1 : 0)
        // "900 10 28 47 (24 h)": a bracket opened after the number and not closed within
        // the run begins a remark, never the number's last group.
        if lastUsable - firstUsable >= 2, run[groups[lastUsable - 1].0] == UInt8(ascii: "("),
            !run[groups[lastUsable - 1].0..<groups[lastUsable - 1].1].contains(UInt8(ascii: ")"))
        {
            lastUsable -= 1
        }
        guard lastUsable > firstUsable else { return [] }

        func attempt(_ gi: Int, _ gj: Int, whole: Bool) -> PhoneHit? {
            let atLeftEdge = gi == 0 && !seg.dropFirst
            // A label's colon and a space ("open 24/7: 888-…") part the number from what the
            // label says; only a number glued to the colon is read as its continuation.
            let labelColon = seg.leftSplit == .colon && groups[gi].0 > seg.start
            let atRightEdge = gj == groups.count - 1 && !seg.dropLast
            return check(
                from: groups[gi].0, to: groups[gj].1, segEnd: seg.end, wholeSegment: whole,
                leftEdge: atLeftEdge && !labelColon ? seg.leftSplit.map { _ in .breaker } ?? .start : .space,
                rightEdge: atRightEdge ? (seg.rightSplit == nil ? .end : .breaker) : .space,
                run: run, role: role, value: value, obfuscated: obfuscated,
                context: context, validate: validate)
        }

        // A whole segment no region reads yet is held for later, unless pieces of it are numbers.
        let whole = attempt(firstUsable, lastUsable - 1, whole: true)
        if let whole, whole.phone != nil { return [whole] }
        let held = whole.map { [$0] } ?? []
        guard lastUsable - firstUsable >= 2 else { return held }
        var hits: [PhoneHit] = []
        var i = firstUsable
        while i < lastUsable {
            var found = false
            var j = min(lastUsable - 1, i + maxGroupsPerCandidate - 1)
            while j >= i {
                if !(i == firstUsable && j == lastUsable - 1), let hit = attempt(i, j, whole: false) {
                    hits.append(hit)
                    i = j + 1
                    found = true
                    break
                }
                j -= 1
            }
            if !found { i += 1 }
        }
        return hits.isEmpty ? held : hits
    }

    static func check(
        from: Int, to: Int, segEnd: Int, wholeSegment: Bool, leftEdge: Edge, rightEdge: Edge,
        run: [UInt8], role: [Role], value: [UInt8], obfuscated: [Bool],
        context: RunContext, validate: ([UInt8]) -> ValidatedPhone?
    ) -> PhoneHit? {
        // Trim separators at the ends, keeping a leading "(" and "+" that belong to the number.
        var a = from
        while a < to && role[a] == .sep && run[a] != UInt8(ascii: "(") { a += 1 }
        var b = to
        while b > a && role[b - 1] == .sep && run[b - 1] != UInt8(ascii: ")") { b -= 1 }
        guard b > a else { return nil }
        // Most runs are dates, prices and counts: fewer than seven digits is no number, known
        // before the edges are read and the arrays below built (keypad letters count, as they do there).
        var keys = 0
        for k in a..<b where role[k] == .digit || role[k] == .letter { keys += 1 }
        guard keys >= 7 else { return nil }
        var firstDigit = a
        while firstDigit < b && !(role[firstDigit] == .digit || role[firstDigit] == .letter) { firstDigit += 1 }
        var lastDigit = b - 1
        while lastDigit > firstDigit && !(role[lastDigit] == .digit || role[lastDigit] == .letter) { lastDigit -= 1 }
        let hasPlus = role[a] == .plus || (a + 1 < b && run[a] == UInt8(ascii: "(") && role[a + 1] == .plus)

        // Joined to words by a dash ("Refund-Dept-Call-1-888-336-0918") or, in a file name, an
        // underscore ("INVOICE_1-877-650-2193_RETURN.pdf"): names of alert rules, resources and
        // shared files allow no spaces, so a lure writes its number into them. Only a number
        // written in its own grouping counts there; "INV-2245531234" or "scan_2024011512" do not.
        var dashJoined = false
        // Written inside a name where only a name fits, the number is hidden from its reader, as
        // a toll-free line glued between letters is (``PhoneScanner/gluedTollFree(_:recent:)``).
        var joinedIntoName = false
        switch leftEdge {
        case .start:
            if gluedBefore(context.before) {
                // A "+" opens a number even glued to the word before it ("CALL+1-855-…" in a
                // tenant's name), held to its grouping as a joined name is.
                let plusAfterLetter = role[a] == .plus && ASCII.isAlpha(context.before.0)
                guard context.before.0 == UInt8(ascii: "-") || context.before.0 == UInt8(ascii: "_") || plusAfterLetter
                else { return nil }
                // keypad letters after an underscore are a pattern's wildcards ("_1888NXXXXXX"), not a name
                if context.before.0 == UInt8(ascii: "_") && (a..<b).contains(where: { role[$0] == .letter }) { return nil }
                dashJoined = true
                joinedIntoName = true
            }
        case .breaker:
            if role[a] == .digit { return nil }
        case .space, .end:
            break
        }
        let trailingEnd = rightEdge == .space ? b : segEnd
        let trailing = run[(lastDigit + 1)..<trailingEnd]
        let vanity = (a..<b).contains { role[$0] == .letter }
        // Keypad letters count only with their toll-free prefix, never as a piece on their own.
        if vanity && !wholeSegment { return nil }
        switch rightEdge {
        case .end:
            let t = context.after
            let trailingSeps = trailing.filter { $0 != UInt8(ascii: ")") }
            // "4471@host", "25%": glued to an address or a percent sign; after a full stop
            // and a line break an "@mention" is the next sentence.
            if (t == UInt8(ascii: "@") || t == UInt8(ascii: "%")) && !trailing.contains(where: { $0 == 0x20 || $0 == 0x0A }) {
                return nil
            }
            if trailingSeps.isEmpty && isWordByte(t) && !vanity { return nil }
            // A dash-joined name goes on after the number as it began before it; a file name
            // ends in its extension ("…-1-844-719-3352.pdf"), which holds the number to its
            // own grouping as a joined name does.
            let dashOn = dashJoined && trailingSeps.allSatisfy { $0 == UInt8(ascii: "-") }
            let fileExtension = trailingSeps.elementsEqual([UInt8(ascii: ".")]) && ASCII.isAlpha(t)
            if fileExtension { dashJoined = true }
            if !trailingSeps.isEmpty && !trailingSeps.contains(0x20) && isWordByte(t) && !dashOn && !fileExtension {
                return nil
            }
        case .breaker:
            if trailing.isEmpty && !vanity { return nil }
        case .space, .start:
            break
        }

        // Each sized once for the piece (at most `b - a` keys and separators, a group per two
        // bytes), not grown a few times over on the way: ~half of `check`'s allocations.
        var digits: [UInt8] = []
        digits.reserveCapacity(b - a + 1)
        var letters = 0
        var seps: [UInt8] = []
        seps.reserveCapacity(b - a)
        var groupLengths: [Int] = []
        groupLengths.reserveCapacity((b - a + 1) / 2)
        var current = 0
        var usedObfuscation = false
        for k in a..<b {
            switch role[k] {
            case .digit:
                digits.append(value[k]); current += 1
                if obfuscated[k] { usedObfuscation = true }
            case .letter:
                digits.append(value[k]); current += 1; letters += 1
            case .sep:
                if current > 0 { groupLengths.append(current); current = 0; seps.append(run[k]) }
            default:
                break
            }
        }
        if current > 0 { groupLengths.append(current) }
        if vanity {
            // 1-800-FLOWERS-NOW: keypad numbers stop at the length of a NANP number.
            let limit = digits.first == UInt8(ascii: "1") ? 11 : 10
            if digits.count > limit { digits.removeLast(digits.count - limit) }
        }
        guard digits.count >= 7 && digits.count <= 15 else { return nil }
        if !hasPlus && seps.isEmpty && digits.count > 11 { return nil }
        if looksLikeDate(groupLengths, seps) || containsDate(groupLengths, seps) || looksLikeIPAddress(groupLengths, seps, digits)
            || looksLikeAmount(groupLengths, seps) || looksLikeDecimals(groupLengths, seps)
            || looksLikeThousands(groupLengths, seps)
        {
            return nil
        }
        // Without "+" the digits themselves (their buffer shared, not copied).
        let candidate = hasPlus ? [UInt8(ascii: "+")] + digits : digits
        guard let phone = validate(candidate) else {
            if wholeSegment && !hasPlus && !vanity && !dashJoined {
                return PhoneHit(
                    start: a, end: b, phone: nil, candidate: candidate, groups: groupLengths,
                    obfuscated: usedObfuscation)
            }
            return nil
        }
        // A piece cut out of a longer run must also be written the way the number is grouped,
        // or "Order 12345 864 347" would pass as +1 234-586-4347.
        if !wholeSegment && !phone.isGroupedLike(groupLengths) { return nil }
        // …or a North American toll-free number whole, trunk "1" and all ("REFUND-CALL-18664017735").
        let wholeTollFree = phone.type == .tollFree && digits.count == 11 && digits.first == UInt8(ascii: "1")
        if dashJoined && !wholeTollFree && !(groupLengths.count >= 3 && phone.isGroupedLike(groupLengths)) { return nil }
        return PhoneHit(
            start: a, end: b, phone: phone, candidate: candidate, groups: groupLengths,
            obfuscated: usedObfuscation || joinedIntoName, vanity: vanity)
    }

    static func resolveObfuscation(
        _ role: inout [Role], _ value: inout [UInt8], _ obfuscated: inout [Bool],
        run: [UInt8], before: UInt8, after: UInt8
    ) {
        PhoneCandidates.resolveObfuscation(&role, &value, &obfuscated, run: run, before: before, after: after)
    }
    static func gluedBefore(_ before: (UInt8, UInt8, UInt8)) -> Bool { PhoneCandidates.gluedBefore(before) }
    static func isWordByte(_ b: UInt8) -> Bool { PhoneCandidates.isWordByte(b) }
    static func isSeparator(_ b: UInt8) -> Bool { PhoneCandidates.isSeparator(b) }
    static func keypad(_ letter: UInt8) -> UInt8 { PhoneCandidates.keypad(letter) }
    static func looksLikeDate(_ g: [Int], _ s: [UInt8]) -> Bool { PhoneCandidates.looksLikeDate(g, s) }
    static func containsDate(_ g: [Int], _ s: [UInt8]) -> Bool { PhoneCandidates.containsDate(g, s) }
    static func looksLikeIPAddress(_ g: [Int], _ s: [UInt8], _ d: [UInt8]) -> Bool { PhoneCandidates.looksLikeIPAddress(g, s, d) }
    static func looksLikeAmount(_ g: [Int], _ s: [UInt8]) -> Bool { PhoneCandidates.looksLikeAmount(g, s) }
    static func looksLikeDecimals(_ g: [Int], _ s: [UInt8]) -> Bool { PhoneCandidates.looksLikeDecimals(g, s) }
    static func looksLikeThousands(_ g: [Int], _ s: [UInt8]) -> Bool { PhoneCandidates.looksLikeThousands(g, s) }
}
