import HooklineCore

/// What surrounds a run of phone-like characters in the normalised text.
struct RunContext {
    /// The three bytes before the run, nearest first; 0 at the start of a view.
    var before: (UInt8, UInt8, UInt8) = (0, 0, 0)
    /// The byte that ended the run; 0 at the end of a view.
    var after: UInt8 = 0
    /// An extension label ("Ext. 214 / 954 22 81 14") stands before the run: its first
    /// group is the extension, not the start of the number.
    var extensionFirst = false
}

/// A validated number found inside a run: byte range in the run, and what it is.
struct PhoneHit: Equatable {
    var start: Int
    var end: Int
    /// Nil for a national number ("0800 550 7407") no configured region accepted: the
    /// scanner retries it once the message has said which country it is about.
    var phone: ValidatedPhone?
    var candidate: [UInt8] = []
    /// Digit groups as written ("0800 123 4567" → 4, 3, 4), to pick the country that groups it so.
    var groups: [Int] = []
    /// Letters stood in for digits (O for 0, l/I for 1) somewhere in the number.
    var obfuscated: Bool
    /// Spelled with keypad letters (1-888-MSFT-HELP).
    var vanity: Bool = false
}

/// Turns one run of digits, separators and stray letters into phone numbers.
///
/// The run is generous on purpose (it may hold a date, an order number and a phone
/// separated by spaces); this decides which pieces stand alone as numbers, rejects the
/// shapes that are never phones (dates, IP addresses, amounts, tracking numbers, IDs glued
/// to words), and asks libphonenumber about the rest. Pure: no state, easy to test.
enum PhoneCandidates {
    enum Role: UInt8 { case digit, sep, colon, plus, letter, obfuscation, breaker }

    /// The per-byte arrays of ``find(in:vanityStart:context:scratch:validate:)``, kept by the
    /// scanner from run to run: allocating three for every digit run (dates, prices,
    /// counts) was ~0.1 M instructions per message.
    struct Scratch {
        var role: [Role] = []
        var value: [UInt8] = []
        var obfuscated: [Bool] = []
        /// A piece's own arrays (``Piece``), emptied and refilled for each piece `check` reads.
        var piece = Piece()
        /// The scanner's run, copied out of its fixed buffer for ``find`` (not by `find`).
        var run: [UInt8] = []
    }

    /// What ``check(from:to:segEnd:wholeSegment:leftEdge:rightEdge:run:role:value:obfuscated:piece:context:validate:)``
    /// builds for a piece, and ``search(_:run:role:value:obfuscated:piece:context:validate:)``'s
    /// group list: kept in the scratch and emptied (capacity kept) for each piece. Built afresh,
    /// each `check` that got past its edge tests allocated three arrays and each `search` grew its
    /// group list a few times (~2 k instructions a message in the daemon); none of them leaves
    /// `check`, which hands the validator and a hit arrays of their own.
    struct Piece {
        var digits: [UInt8] = []
        var seps: [UInt8] = []
        var groupLengths: [Int] = []
        var groups: [(Int, Int)] = []
    }

    static let maxGroupsPerCandidate = 12

    /// Whether `run` has the seven bytes a number needs among those that can become one of
    /// its keys (digits, the letters that stand for digits or spell a vanity word, and "|"):
    /// `find` reads no piece with fewer keys, so a run without them (a date, a price, a
    /// count: most runs) needs none of its per-byte arrays.
    static func mayHoldNumber<Run: Sequence<UInt8>>(_ run: Run) -> Bool {
        var keys = 0
        for b in run where (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "|") {
            keys += 1
            if keys >= 7 { return true }
        }
        return false
    }

    static func find(
        in run: [UInt8], vanityStart: Int?, context: RunContext, scratch: inout Scratch,
        validate: ([UInt8]) -> ValidatedPhone?
    ) -> [PhoneHit] {
        let n = run.count
        guard n > 0 else { return [] }
        // The scratch's arrays are used where they are, each a stored property of the inout
        // `scratch` (disjoint accesses): swapped out into locals and back, each call built and
        // released seven empty arrays to hold their places.
        // Only `0..<n` of each is read (`resolveObfuscation`, `search` and `check` index inside
        // the run), so they are sized once to the longest run and each of their first `n`
        // written below: emptied and refilled for every run, the three cost ~1 k instructions.
        if scratch.role.count < n {
            let size = max(n, PhoneScanner.maxRunBytes)
            scratch.role = [Role](repeating: .sep, count: size)
            scratch.value = [UInt8](repeating: 0, count: size)
            scratch.obfuscated = [Bool](repeating: false, count: size)
        }
        // Cleared in one pass each (written element by element, each write tested the array's uniqueness).
        scratch.value.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[0..<n]).update(repeating: 0) }
        scratch.obfuscated.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[0..<n]).update(repeating: false) }
        let vanityFrom = vanityStart ?? n
        let vanityLetters = scratch.role.withUnsafeMutableBufferPointer { role -> Int in
            scratch.value.withUnsafeMutableBufferPointer { value -> Int in
                classify(run, vanityFrom: vanityFrom, role: role, value: value)
            }
        }
        // Vanity numbers spell a word; three letters or fewer is text that happens to follow,
        // and one letter repeated ("578-XXXX") masks the digits a warning leaves out.
        let spelled = (vanityFrom..<n).filter { scratch.role[$0] == .letter }.map { run[$0] }
        if (vanityLetters > 0 && vanityLetters < 4) || (spelled.count >= 2 && Set(spelled).count == 1) {
            for k in vanityFrom..<n where scratch.role[k] == .letter || scratch.role[k] == .obfuscation { scratch.role[k] = .breaker }
        }
        resolveObfuscation(&scratch.role, &scratch.value, &scratch.obfuscated, run: run, before: context.before.0, after: context.after)

        // Read through a buffer (`0..<n` is inside it): through the inout scratch, each read
        // loaded the array and tested the index. A second reference, as `scratch.role` is
        // not written below.
        let roles = scratch.role
        return roles.withUnsafeBufferPointer { split in
            var hits: [PhoneHit] = []
            var segStart = 0
            var k = 0
            while k <= n {
                if k == n || split[k] == .breaker || split[k] == .colon {
                    if k > segStart {
                        let leftSplit: Role? = segStart == 0 ? nil : split[segStart - 1]
                        let rightSplit: Role? = k == n ? nil : split[k]
                        // A time has digits on both sides of its colon ("10:30"); "24/7: 888-…" is a
                        // label's colon, and the number after its space is whole.
                        let colonLeftIsTime =
                            leftSplit == .colon && segStart >= 2 && split[segStart - 2] == .digit && split[segStart] == .digit
                        let colonRightIsTime = rightSplit == .colon && k + 1 < n && split[k + 1] == .digit
                        let segment = Segment(
                            start: segStart, end: k, leftSplit: leftSplit, rightSplit: rightSplit,
                            dropFirst: colonLeftIsTime || (segStart == 0 && context.extensionFirst),
                            dropLast: colonRightIsTime)
                        hits += search(
                            segment, run: run, role: roles, value: scratch.value, obfuscated: scratch.obfuscated, piece: &scratch.piece,
                            context: context, validate: validate)
                    }
                    segStart = k + 1
                }
                k += 1
            }
            return hits
        }
    }

    /// Each byte's role and key value, written into `role` and `value` (at least `run.count`
    /// long); returns the keypad letters from `vanityFrom` on. Through buffers: each element
    /// written through the inout scratch's arrays tested their uniqueness.
    static func classify(
        _ run: [UInt8], vanityFrom: Int, role: UnsafeMutableBufferPointer<Role>, value: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var vanityLetters = 0
        for k in 0..<run.count {
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
        return vanityLetters
    }

    /// O, l, I and | count as digits only when they sit against a digit and nothing but
    /// digits or separators surrounds them ("8OO-", "l-800"); "1 in 10" stays text.
    static func resolveObfuscation(
        _ role: inout [Role], _ value: inout [UInt8], _ obfuscated: inout [Bool],
        run: [UInt8], before: UInt8, after: UInt8
    ) {
        let n = run.count
        var k = 0
        while k < n {
            guard role[k] == .obfuscation else { k += 1; continue }
            var e = k
            while e < n && role[e] == .obfuscation { e += 1 }
            // At the start of the run the byte before it decides ("call l-415-..." is fine).
            let left: Role = k > 0 ? role[k - 1] : (isWordByte(before) ? .breaker : .plus)
            let rightDigit: Bool
            let rightOK: Bool
            if e < n {
                rightDigit = role[e] == .digit
                rightOK = rightDigit || role[e] == .sep
            } else {
                rightDigit = false
                rightOK = !isWordByte(after)
            }
            let leftDigit = left == .digit
            let leftOK = leftDigit || left == .sep || left == .plus
            // Spaced out like the digits around it ("7 4 8 . O 9 2 1"): digits just beyond
            // the separators on both sides.
            var l = k - 1
            while l >= 0 && role[l] == .sep { l -= 1 }
            var r = e
            while r < n && role[r] == .sep { r += 1 }
            let spacedAmongDigits = left == .sep && l >= 0 && role[l] == .digit && r > e && r < n && role[r] == .digit
            let convert =
                (leftDigit || rightDigit || left == .plus || spacedAmongDigits) && leftOK && rightOK && e - k <= 3
            for j in k..<e {
                if convert {
                    role[j] = .digit
                    value[j] = run[j] == UInt8(ascii: "o") ? UInt8(ascii: "0") : UInt8(ascii: "1")
                    obfuscated[j] = true
                } else {
                    role[j] = .breaker
                }
            }
            k = e
        }
    }

    struct Segment {
        var start: Int
        var end: Int
        var leftSplit: Role?
        var rightSplit: Role?
        var dropFirst: Bool
        var dropLast: Bool
    }

    /// The whole segment if it is a number; otherwise the longest runs of its
    /// space-separated groups that are, left to right ("Order 12345 864 347 2494").
    static func search(
        _ seg: Segment, run: [UInt8], role: [Role], value: [UInt8], obfuscated: [Bool], piece: inout Piece,
        context: RunContext, validate: ([UInt8]) -> ValidatedPhone?
    ) -> [PhoneHit] {
        // Every piece `check`s is inside the segment: with fewer than seven digits in all, none
        // is a number, and the group list need not be built.
        var keys = 0
        for k in seg.start..<seg.end where role[k] == .digit || role[k] == .letter { keys += 1 }
        guard keys >= 7 else { return [] }
        // Moved out of the scratch for the segment (`check` below empties the other arrays).
        var groups: [(Int, Int)] = []
        swap(&groups, &piece.groups)
        defer { swap(&groups, &piece.groups) }
        groups.removeAll(keepingCapacity: true)
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
                run: run, role: role, value: value, obfuscated: obfuscated, piece: &piece,
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

    enum Edge { case start, end, space, breaker }

    static func check(
        from: Int, to: Int, segEnd: Int, wholeSegment: Bool, leftEdge: Edge, rightEdge: Edge,
        run: [UInt8], role: [Role], value: [UInt8], obfuscated: [Bool], piece: inout Piece,
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
            // "4471@host", "25%": glued to an address or a percent sign; after a full stop
            // and a line break an "@mention" is the next sentence.
            if (t == UInt8(ascii: "@") || t == UInt8(ascii: "%")) && !trailing.contains(where: { $0 == 0x20 || $0 == 0x0A }) {
                return nil
            }
            // The trailing bytes but ")" (the separators after the number), read in one pass
            // for what is asked of them: filtered into an array, they were one a check.
            let seps = TrailingSeps(trailing)
            if seps.count == 0 && isWordByte(t) && !vanity { return nil }
            // A dash-joined name goes on after the number as it began before it; a file name
            // ends in its extension ("…-1-844-719-3352.pdf"), which holds the number to its
            // own grouping as a joined name does.
            let dashOn = dashJoined && seps.allDashes
            let fileExtension = seps.count == 1 && seps.first == UInt8(ascii: ".") && ASCII.isAlpha(t)
            if fileExtension { dashJoined = true }
            if seps.count != 0 && !seps.hasSpace && isWordByte(t) && !dashOn && !fileExtension {
                return nil
            }
        case .breaker:
            if trailing.isEmpty && !vanity { return nil }
        case .space, .start:
            break
        }

        // The scratch's arrays, emptied with their capacity kept: none of them leaves `check`.
        piece.digits.removeAll(keepingCapacity: true)
        piece.seps.removeAll(keepingCapacity: true)
        piece.groupLengths.removeAll(keepingCapacity: true)
        var letters = 0
        var current = 0
        var usedObfuscation = false
        for k in a..<b {
            switch role[k] {
            case .digit:
                piece.digits.append(value[k]); current += 1
                if obfuscated[k] { usedObfuscation = true }
            case .letter:
                piece.digits.append(value[k]); current += 1; letters += 1
            case .sep:
                if current > 0 { piece.groupLengths.append(current); current = 0; piece.seps.append(run[k]) }
            default:
                break
            }
        }
        if current > 0 { piece.groupLengths.append(current) }
        if vanity {
            // 1-800-FLOWERS-NOW: keypad numbers stop at the length of a NANP number.
            let limit = piece.digits.first == UInt8(ascii: "1") ? 11 : 10
            if piece.digits.count > limit { piece.digits.removeLast(piece.digits.count - limit) }
        }
        let digitCount = piece.digits.count
        guard digitCount >= 7 && digitCount <= 15 else { return nil }
        if !hasPlus && piece.seps.isEmpty && digitCount > 11 { return nil }
        if looksLikeDate(piece.groupLengths, piece.seps) || containsDate(piece.groupLengths, piece.seps)
            || looksLikeIPAddress(piece.groupLengths, piece.seps, piece.digits)
            || looksLikeAmount(piece.groupLengths, piece.seps) || looksLikeDecimals(piece.groupLengths, piece.seps)
            || looksLikeThousands(piece.groupLengths, piece.seps)
        {
            return nil
        }
        // An array of its own, sized once and written in place: the validator's memo and a hit keep it.
        let candidate = [UInt8](unsafeUninitializedCapacity: digitCount + 1) { out, written in
            var w = 0
            if hasPlus {
                out[0] = UInt8(ascii: "+")
                w = 1
            }
            for d in piece.digits {
                out[w] = d
                w += 1
            }
            written = w
        }
        let firstDigit1 = piece.digits.first == UInt8(ascii: "1")
        guard let phone = validate(candidate) else {
            if wholeSegment && !hasPlus && !vanity && !dashJoined {
                return PhoneHit(
                    start: a, end: b, phone: nil, candidate: candidate, groups: Array(piece.groupLengths),
                    obfuscated: usedObfuscation)
            }
            return nil
        }
        // A piece cut out of a longer run must also be written the way the number is grouped,
        // or "Order 12345 864 347" would pass as +1 234-586-4347.
        if !wholeSegment && !phone.isGroupedLike(piece.groupLengths) { return nil }
        // …or a North American toll-free number whole, trunk "1" and all ("REFUND-CALL-18664017735").
        let wholeTollFree = phone.type == .tollFree && digitCount == 11 && firstDigit1
        if dashJoined && !wholeTollFree && !(piece.groupLengths.count >= 3 && phone.isGroupedLike(piece.groupLengths)) {
            return nil
        }
        return PhoneHit(
            start: a, end: b, phone: phone, candidate: candidate, groups: Array(piece.groupLengths),
            obfuscated: usedObfuscation || joinedIntoName, vanity: vanity)
    }

    /// What `check` asks of the bytes after a number's last digit but ")", read in one pass
    /// (`TrailingSepsTests` holds it to the filtered array it replaced).
    struct TrailingSeps {
        /// How many there are.
        var count = 0
        /// The first of them (0 when none).
        var first: UInt8 = 0
        /// Whether every one is "-" (true when none).
        var allDashes = true
        /// Whether one is a space.
        var hasSpace = false

        init(_ trailing: ArraySlice<UInt8>) {
            for b in trailing where b != UInt8(ascii: ")") {
                if count == 0 { first = b }
                count += 1
                if b != UInt8(ascii: "-") { allDashes = false }
                if b == 0x20 { hasSpace = true }
            }
        }
    }

    /// Glued to a word, a URL, an ID prefix or a currency sign: "INV-224553", "id=", "€".
    static func gluedBefore(_ before: (UInt8, UInt8, UInt8)) -> Bool {
        let (l, ll, lll) = before
        if isWordByte(l) { return true }
        switch l {
        case UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: "&"),
            UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "\\"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: ":"):
            // "tel:+1..." and "Phone:864..." are fine; "10:30", "v2.8", "INV-22" are not.
            if l == UInt8(ascii: ":") { return ll >= 0x30 && ll <= 0x39 }
            return isWordByte(ll)
        case 0xA3, 0xA5:  // £ ¥
            return ll == 0xC2
        case 0xAC, 0xB9:  // € ₹
            return ll == 0x82 && lll == 0xE2
        default:
            return false
        }
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
    }

    @inline(__always)
    static func isSeparator(_ b: UInt8) -> Bool {
        switch b {
        // ";" and "*" too: lures pad digits with them ("+1 888 ; 4l7 ; 2O93", "1 8 0 8 * 2 3 1").
        case 0x20, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "~"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ";"), UInt8(ascii: "*"):
            return true
        default:
            return false
        }
    }

    static func keypad(_ letter: UInt8) -> UInt8 {
        let keys: [UInt8] = Array("22233344455566677778889999".utf8)
        let index = Int(letter) - 0x61
        return index >= 0 && index < keys.count ? keys[index] : UInt8(ascii: "0")
    }
}
