import HooklineCore
import HooklineText
import HooklineDetect

/// Everything rules can ask about one message, derived once at end of message
/// from the header features, the envelope and the text findings.
///
/// A class, though nothing in it changes: as a struct (~1.1 kB) its initialiser built it in
/// a local and copied it out, every field's strings and arrays retained and the local
/// destroyed again (~2.8 k instructions a message in the profile), and the evaluator made
/// from it moved it once more.
final class MessageFeatures {
    let headers: HeaderFeatures
    let envelope: Envelope
    let findings: TextFindings
    /// Domains with a DKIM or DMARC pass in a trusted Authentication-Results header.
    let authenticatedDomains: Set<String>
    /// From domains a trusted receiving MX found failing DMARC: someone else wrote that From.
    let dmarcFailedDomains: Set<String>
    /// The authenticated notification platform, if any.
    let platform: PlatformDef?
    /// Its index in the rules' platforms, so the evaluator reads its fields in place instead
    /// of copying the whole definition out of an optional for every condition.
    let platformIndex: Int?
    /// From or Sender claims a platform that is not authenticated.
    let lookalikeOf: PlatformDef?
    /// Why the message looks forwarded (empty if it does not).
    let forwarding: [String]
    /// The author's address when a list rewrote From to keep the author's DMARC policy.
    let listAuthor: String?
    /// Lexicon index → matches.
    let lexiconMatches: LexiconMatches
    let anomalies: Set<Anomaly>
    /// The phones that count as evidence (``phones(includeOwn:)`` with false), filtered once:
    /// a dozen conditions of every message ask for them.
    let evidencePhones: [PhoneFinding]
    /// The organisations of the envelope recipients' domains, and whether the message is a
    /// saved list copy: `own_relay`, `own_list` and `internal_sender` each asked for both.
    let recipientOrganisations: Set<String>
    let savedListCopy: Bool
    /// The From domain lower-cased, once: the look-alike test, the sender's organisation and
    /// every ``authenticatedFromDomain`` asked (several conditions a message) each folded it.
    let fromDomainLowered: String?
    /// The organisation of ``fromDomainLowered``: the sender's organisation in `init` (unless
    /// a list rewrote From) and `internal_sender`'s, each of which computed it (~2.4 k
    /// instructions a call, a new String each time).
    let fromOrganisation: String?

    init(
        headers h: consuming HeaderFeatures, envelope e: consuming Envelope, findings f: consuming TextFindings,
        anomalies: Set<Anomaly>,
        // The two settings read, not the config: passed from `engine.config`, the whole config
        // was copied for every message (every string, list and table in it retained and
        // released), `borrowing` or not.
        rules: CompiledRules, trustedAuthservIds: borrowing Set<String>, trustRecipientDomain: Bool
    ) {
        // Moved in, and read back through `self` from here on: read through the arguments
        // after storing them, each was copied (every header field's mailboxes, lists and
        // strings retained) and the argument destroyed again (~2 k instructions a message).
        // The two readers of the whole header set ask the argument before it is stored: asked
        // of `self.headers`, the set was copied to pass it (every field retained, then
        // released again, ~5 k instructions a message).
        let author = Self.listRewrittenAuthor(h)
        let savedList = Self.isSavedListCopy(headers: h, envelope: e)
        self.headers = h
        self.envelope = e
        self.findings = f
        self.anomalies = anomalies

        let rcptDomains = self.envelope.rcptTo.compactMap(Self.recipientDomain)
        var auth = Set<String>()
        var dmarcFailed = Set<String>()
        for (position, ar) in self.headers.authenticationResults.enumerated() {
            let id = ar.authservId
            // A saved message's topmost Authentication-Results was written by the mailbox's
            // own provider (mx.google.com for gmail.com), which the recipient's domain does
            // not name; the milter always has the recipient and never takes this.
            let topOfSavedMessage = self.envelope.recipientsFromHeaders && position == 0 && trustRecipientDomain
            let trusted =
                trustedAuthservIds.contains(id) || topOfSavedMessage
                || (trustRecipientDomain && rcptDomains.contains { DomainSuffix.isDomainOrSubdomain(id, of: $0) })
            guard trusted else { continue }
            for m in ar.results where m.method == "dmarc" && m.result == "fail" {
                if let d = m.property("header.from") { dmarcFailed.insert(Self.lowered(d)) }
            }
            for m in ar.results where m.result == "pass" {
                switch m.method {
                case "dkim":
                    if let d = m.property("header.d") {
                        auth.insert(Self.lowered(d))
                    } else if let i = m.property("header.i"), let d = i.split(separator: "@").last {
                        auth.insert(d.lowercased())
                    }
                case "dmarc":
                    if let d = m.property("header.from") { auth.insert(Self.lowered(d)) }
                default: break
                }
            }
        }
        authenticatedDomains = auth
        dmarcFailedDomains = dmarcFailed.subtracting(auth)

        listAuthor = author
        let fromDomain = self.headers.from.map { Self.lowered($0.domain) }
        fromDomainLowered = fromDomain
        var platformAt: Int?
        var lookalikeAt: Int?
        // A platform named only in Sender, on mail whose From domain authenticated itself, is
        // that domain's own mail sent through the platform (a Workspace user's calendar
        // invitation is signed by the organisation, not by google.com): the message answers
        // for its From domain, so it is no look-alike. A From claim always has to be backed.
        let fromVouched = fromDomain.map { Self.covered($0, by: auth) } ?? false
        // From and Sender lower-cased once each (From was folded twice, and looked up twice).
        let fromLowered = self.headers.from.map { Self.lowered($0.address) }
        let senderLowered = self.headers.sender.flatMap { $0.address.isEmpty ? nil : Self.lowered($0.address) }
        // A platform's own signature: a passing domain that is one of its domains or under one.
        func signedBy(_ p: PlatformDef) -> Bool {
            p.authDomains.contains { d in auth.contains { DomainSuffix.isDomainOrSubdomain($0, of: d) } }
        }
        // By index: iterating the array copies every platform (a dozen strings and arrays
        // retained and released) for each message; only the one kept is copied. Which
        // platforms each claimant claims comes from the senders' index, not from every sender.
        let platforms = rules.platforms
        var claimed = [Bool](repeating: false, count: platforms.count)
        var claimedByFrom = claimed
        if let fromLowered {
            // An empty From claims nothing, but is still asked for `claimedByFrom` as before.
            let claims = !fromLowered.isEmpty
            rules.platformSenders.forEachOwner(matching: fromLowered) {
                claimedByFrom[$0] = true
                if claims { claimed[$0] = true }
            }
        }
        if let senderLowered { rules.platformSenders.forEachOwner(matching: senderLowered) { claimed[$0] = true } }
        for i in platforms.indices where claimed[i] {
            if signedBy(platforms[i]) {
                platformAt = platformAt ?? i
            } else if !(fromVouched && !claimedByFrom[i]) {
                lookalikeAt = lookalikeAt ?? i
            }
        }
        // The author a list rewrote out of From is the platform only where the author's own
        // signature survived the list; a broken one proves nothing either way (lists add
        // footers), so it neither makes the platform nor a look-alike of it.
        if platformAt == nil, let author {
            platformAt = platforms.indices.first { platforms[$0].claimed(byLowercased: author) && signedBy(platforms[$0]) }
        }
        if platformAt != nil { lookalikeAt = nil }
        platformIndex = platformAt
        let platform = platformAt.map { platforms[$0] }
        let lookalike = lookalikeAt.map { platforms[$0] }
        self.platform = platform
        self.lookalikeOf = lookalike

        var fwd: [String] = []
        // Headers the sender's own organisation writes (GitHub's List-Id under github.com, a
        // notice addressed to the platform's own noreply alias) say nothing about a stranger
        // forwarding the message: only a relay outside the sender's organisation does.
        // (With From rewritten by a list, the sender is the author the list moved out of it.)
        let authorDomain = author.flatMap { a in a.split(separator: "@").last.map { String($0).lowercased() } }
        let fromOrg = fromDomain.map(Self.organisationDomain)
        fromOrganisation = fromOrg
        let senderOrg = authorDomain.map(Self.organisationDomain) ?? fromOrg ?? ""
        func sendersOwn(_ domain: String) -> Bool {
            !senderOrg.isEmpty && Self.organisationDomain(Self.lowered(domain)) == senderOrg
        }
        let visibleBoxes = self.headers.to + self.headers.cc
        // A few addresses: searched in place, not hashed into a Set built for each message.
        if !self.envelope.rcptTo.isEmpty, !visibleBoxes.isEmpty,
            !self.envelope.rcptTo.contains(where: { r in
                let l = Self.lowered(r)
                return visibleBoxes.contains { $0.address == l }
            }),
            !visibleBoxes.allSatisfy({ sendersOwn($0.domain) })
        {
            fwd.append("recipient-not-in-to")
        }
        let ownList =
            self.headers.listId.map { id in
                !senderOrg.isEmpty && (id == senderOrg || id.hasSuffix("." + senderOrg))
            } ?? false
        if (self.headers.listId != nil || self.headers.hasMailingListHeaders) && !ownList { fwd.append("mailing-list") }

        if let rp = self.headers.returnPath ?? self.envelope.mailFrom, Self.isSRS(rp) { fwd.append("srs") }
        if self.headers.hasResentHeaders { fwd.append("resent") }
        if author != nil && !ownList { fwd.append("list-rewritten-from") }
        if let s = self.headers.sender?.domain, let f = self.headers.from?.domain, !s.isEmpty, !f.isEmpty, s != f,
            !s.hasSuffix("." + f)
        {
            fwd.append("sender-differs")
        }
        forwarding = fwd

        lexiconMatches = LexiconMatches(self.findings.matches, owners: rules.lexiconOfPattern, count: rules.lexicons.count)

        let own = (platform ?? lookalike)?.ownPhones
        if let own, !own.isEmpty {
            evidencePhones = self.findings.phones.filter { !own.contains($0.e164) }
        } else {
            evidencePhones = self.findings.phones
        }
        // `organisation(ofAddress:)` of each recipient is the organisation of its domain as
        // `rcptDomains` already holds it (split at "@" and lowercased once, not twice).
        recipientOrganisations = Set(rcptDomains.map(Self.organisationDomain))
        savedListCopy = savedList
    }

    /// The From display name names the From domain ("First Harbor Bank" at
    /// firstharborbank.com, "Cascade Federal Credit Union" at cascadefcu.org) and that domain
    /// passed DKIM or DMARC. Senders of real notices sign with their own name; lures come from
    /// "Billing Department" at a borrowed domain or "Amazon Billing" at gmail.com.
    /// Returns the domain that matched, for evidence.
    var senderIdentity: String? {
        guard let from = headers.from, listAuthor == nil, let domain = authenticatedFromDomain else { return nil }
        if Self.name(from.displayName, spells: Self.organisationLabel(domain)) { return domain }
        // A brand's own top-level domain ("BNP Paribas" at mabanque.bnpparibas).
        if let tld = Self.lastLabel(domain), tld.count >= 4, !Self.genericTLDs.contains(String(tld)),
            ASCII.contains(domain, "."), Self.name(from.displayName, spells: String(tld))
        {
            return domain
        }
        return nil
    }

    /// `domain.split(separator: ".").last`: the last non-empty label, without the array of
    /// every label that split made (~6.7 k instructions a `sender_identity` that got this far).
    static func lastLabel(_ domain: String) -> Substring? {
        var end = domain.endIndex
        while end > domain.startIndex, domain[domain.index(before: end)] == "." { end = domain.index(before: end) }
        guard end > domain.startIndex else { return nil }
        let head = domain[..<end]
        return head[(head.lastIndex(of: ".").map { head.index(after: $0) } ?? head.startIndex)...]
    }

    /// The authenticated From domain, when the display name has letters but no Latin one
    /// ("さくら信用金庫" at sakura-shinkin.jp): such a name cannot be compared with an ASCII
    /// domain, so `sender_identity` can neither hold nor fail on it.
    var unspellableSenderDomain: String? {
        guard let from = headers.from, listAuthor == nil, let domain = authenticatedFromDomain else { return nil }
        var letters = false
        for s in from.displayName.unicodeScalars where s.properties.isAlphabetic {
            if Self.isLatinLetter(s) { return nil }
            letters = true
        }
        return letters ? domain : nil
    }

    /// The From domain, lower-cased, when a trusted Authentication-Results shows a DKIM or
    /// DMARC pass covering it; what `sender_identity`, `internal_sender`,
    /// `from_name_unspellable` and `from_authenticated` all start from.
    var authenticatedFromDomain: String? {
        guard let domain = fromDomainLowered, Self.covered(domain, by: authenticatedDomains) else { return nil }
        return domain
    }

    /// Latin-script blocks: Basic Latin through Latin Extended-B, Extended Additional,
    /// Extended-C, -D and -E, and the fullwidth forms.
    static func isLatinLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x250, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFF21...0xFF5A: return true
        default: return false
        }
    }

    /// Top-level domains anyone can register under; longer than three letters, so not
    /// country codes, and no brand's own.
    static let genericTLDs: Set<String> = [
        "info", "mobi", "name", "shop", "store", "online", "site", "tech", "email", "cloud", "live", "life",
        "news", "blog", "company", "services", "support", "agency", "digital", "group", "solutions", "network",
        "world", "today", "space", "website", "global", "center", "systems", "finance", "money", "bank",
        "insurance", "host", "press", "media", "link", "click", "help", "care", "team", "work", "business",
    ]

    /// The From domain authenticated itself and is a recipient's own domain (or one
    /// under the same organisation): mail from inside, which an outsider cannot send.
    /// The IT desk's "new sign-in to your Microsoft 365 account, call extension 4400"
    /// reads like a lure written as Microsoft; coming from inside, it is not one.
    var internalSender: String? {
        // `authenticatedFromDomain` is `fromDomainLowered`, whose organisation `init` kept.
        guard !savedListCopy, let domain = authenticatedFromDomain, let org = fromOrganisation else { return nil }
        return recipientOrganisations.contains(org) ? domain : nil
    }

    /// A saved list copy names no reader: its To is the list itself, which also sends it
    /// ("…via Billing Notice Team" <team@googlegroups.com> to team@googlegroups.com), so
    /// neither the list's domain nor its List-Id says whose organisation it reached.
    /// A list that rewrote From to itself hides its reader wherever it lives; one that kept
    /// the author in From and is only the Sender says whose organisation it reached when it
    /// lives on that organisation's domain (ops@ferreteria-solana.es), not on a public list
    /// host.
    static func isSavedListCopy(headers: HeaderFeatures, envelope: Envelope) -> Bool {
        guard envelope.recipientsFromHeaders, let from = headers.from else { return false }
        if envelope.rcptTo.contains(from.address.lowercased()) { return true }
        guard let sender = headers.sender?.address.lowercased(), envelope.rcptTo.contains(sender),
            let domain = sender.split(separator: "@").last
        else { return false }
        return Self.publicListHosts.contains(Self.organisationDomain(String(domain)))
    }

    /// Where anyone can open a list: its domain is nobody's organisation.
    static let publicListHosts: Set<String> = [
        "googlegroups.com", "groups.io", "freelists.org", "simplelists.com", "topica.com", "yahoogroups.com",
    ]

    /// A domain that passed DKIM or DMARC, or a subdomain of one.
    static func covered(_ domain: String, by passed: Set<String>) -> Bool {
        !domain.isEmpty && passed.contains { DomainSuffix.isDomainOrSubdomain(domain, of: $0) }
    }

    /// The organisation of an address's domain ("bank.co.uk" of ops@alerts.bank.co.uk), or
    /// nil for a string without one.
    static func organisation(ofAddress address: String) -> String? {
        ASCII.split(address, on: "@").last.map { organisationDomain(String($0).lowercased()) }
    }

    /// "firstharborbank.com" of mail.firstharborbank.com; "bank.co.uk" of alerts.bank.co.uk.
    /// (On bytes where it can: ``OrganisationBytes``; this is the reference.)
    static func organisationDomainOfString(_ domain: String) -> String {
        let labels = ASCII.split(domain, on: ".").map(String.init)
        let label = organisationLabelOfString(domain)
        guard let i = labels.lastIndex(of: label) else { return domain }
        return labels[i...].joined(separator: ".")
    }

    /// Whether a display name spells a domain label: the whole label, or its first six
    /// letters ("Cascade Federal Credit Union" ~ cascadefcu). A hyphenated label must
    /// have every word in the name ("Evergreen Auto Insurance" ~ evergreen-insure), so a
    /// brand's name does not vouch for a look-alike built on it ("Wells Fargo Fraud Team"
    /// at wellsfargo-alerts, "Norton" at norton-renewals).
    static func name(_ displayName: String, spells label: String) -> Bool {
        NameSpelling.ascii(displayName, spells: label) ?? nameByScalars(displayName, spells: label)
    }

    /// `name(_:spells:)` on `String`s, for names outside ASCII: what the byte path
    /// (`NameSpelling`) is tested against, so it recurses into itself, not into `name`.
    static func nameByScalars(_ displayName: String, spells label: String) -> Bool {
        // "Itaú" spells itau.com.br: Latin letters count by their base letter, and German
        // umlauts also as domains write them ("KölnBonn" at sparkasse-koelnbonn.de).
        let lower = displayName.lowercased()
        // An ASCII name has none of the four letters, nor a name without their bytes (or a
        // combining diaeresis): no Foundation search for them.
        let german =
            ASCII.isASCII(lower) || !mayHoldGermanLetters(lower)
            ? lower
            : lower.replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
                .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
        if german != lower, nameByScalars(german, spells: label) { return true }
        // LatinFold leaves ASCII as it is: folded once, and only a name outside ASCII.
        let folded = ASCII.isASCII(lower) ? lower : LatinFold.fold(lower)
        let squashed = Self.lettersAndDigits(folded)
        let words = label.split(separator: "-").filter { $0.count >= 3 }
        if words.count > 1 {
            return words.allSatisfy { ASCII.contains(squashed, String($0.prefix(5))) }
        }
        let flat =
            ASCII.isASCII(label)
            ? String(decoding: label.utf8.filter { $0 != UInt8(ascii: "-") }, as: UTF8.self)
            : label.replacingOccurrences(of: "-", with: "")
        // Initials: "PKO Bank Polski" at pkobp.pl, "Banco do Brasil" at bb.com.br is too
        // short to tell; the first word whole and the others' initials, three letters up.
        let nameWords = Self.words(folded)
        if nameWords.count >= 2, flat.count >= 3 {
            // Closures, not `\.first`: that key path was applied through the runtime
            // (`swift_getAtKeyPath`, ~900 instructions a use).
            let initials = String(nameWords.compactMap { $0.first })
            let firstAndInitials = nameWords[0] + String(nameWords.dropFirst().compactMap { $0.first })
            if flat == initials || flat == firstAndInitials { return true }
        }
        // A two- or three-character label is the name's first word or nothing ("DNB" at dnb.no,
        // "RBC Royal Bank" at alerts.rbc.com, "A1 Telekom Austria" at a1.at).
        if flat.count == 2 || flat.count == 3 { return nameWords.first == flat }
        guard flat.count >= 4, squashed.count >= 4 else { return false }
        if ASCII.contains(squashed, flat) || squashed.hasPrefix(String(flat.prefix(6))) { return true }
        guard flat.count >= 6 else { return false }
        // A leading article is no part of the name a domain spells ("The New York Times" at nytimes.com).
        let named = nameWords.count > 2 && Self.articles.contains(nameWords[0]) ? Array(nameWords.dropFirst()) : nameWords
        let label = Array(flat.utf8)[...], spelled = named.map { Array($0.utf8) }[...]
        if abbreviates(label, spelled, used: 0) { return true }
        // The first words as initials, the rest cut short ("Pacific Western Business Banking"
        // at pwbusinessbank.com): two or three initials, then at least one word spelled.
        for k in 2...3 where spelled.count > k && label.count > k {
            if zip(label, spelled.prefix(k)).allSatisfy({ $0 == $1.first }),
                abbreviates(label.dropFirst(k), spelled.dropFirst(k), used: k)
            {
                return true
            }
        }
        return false
    }

    /// Whether replacing "ä", "ö", "ü" and "ß" with Foundation's search may change `s`: false
    /// only when every scalar outside ASCII is in a block listed here, and not one of those
    /// four letters. Foundation's search matches canonically equivalent text (a combining
    /// diaeresis, U+0300–U+036F, is never in the list) and misplaces its replacement beside
    /// a character whose decomposition is another single one (U+0374 "ʹ", U+037E ";",
    /// U+0387 "·", U+2126 "Ω", U+212A "K", ...): those are left out too, as is everything
    /// outside the list. Then four Foundation searches of a non-ASCII display name are not
    /// made (~4 k instructions a message of `sender_identity`). `NameSpellingBytesTests`
    /// holds it to the replacements over every scalar of the Basic Multilingual Plane.
    static func mayHoldGermanLetters(_ s: String) -> Bool {
        for u in s.unicodeScalars {
            switch u.value {
            case 0..<0x80: continue
            case 0xE4, 0xF6, 0xFC, 0xDF: return true
            case 0x80...0x2FF, 0x370...0x373, 0x375...0x37D, 0x37F...0x386, 0x388...0x52F, 0x590...0x6FF, 0x3040...0x30FF,
                0x4E00...0x9FFF, 0xAC00...0xD7A3:
                continue
            default: return true
            }
        }
        return false
    }

    /// The ASCII letters and digits of `s`, in order (its alphabetic or numeric ASCII scalars).
    /// An ASCII `s` is read on its bytes: its alphabetic scalars are exactly A-Z and a-z, its
    /// numeric ones 0-9 (the scalar filter and the string built from it were ~5 k
    /// instructions a message of `sender_identity`).
    static func lettersAndDigits(_ s: String) -> String {
        guard ASCII.isASCII(s) else { return lettersAndDigitsOfScalars(s) }
        return String(decoding: s.utf8.filter(isASCIILetterOrDigit), as: UTF8.self)
    }

    /// `lettersAndDigits` by scalars and their properties: the reference, and the way outside ASCII.
    static func lettersAndDigitsOfScalars(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }))
    }

    /// `s.split { !($0.isLetter || $0.isNumber) }`. An ASCII `s` is split on its bytes: its
    /// letter and number Characters are exactly A-Z, a-z and 0-9, and CR LF (one Character)
    /// is neither, as its two bytes are not, so the words are the runs of those bytes.
    static func words(_ s: String) -> [String] {
        guard ASCII.isASCII(s) else { return wordsOfCharacters(s) }
        var out: [String] = []
        var run: [UInt8] = []
        for c in s.utf8 {
            if isASCIILetterOrDigit(c) {
                run.append(c)
            } else if !run.isEmpty {
                out.append(String(decoding: run, as: UTF8.self))
                run.removeAll(keepingCapacity: true)
            }
        }
        if !run.isEmpty { out.append(String(decoding: run, as: UTF8.self)) }
        return out
    }

    /// `words` by Characters: the reference, and the way outside ASCII.
    static func wordsOfCharacters(_ s: String) -> [String] {
        s.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    private static func isASCIILetterOrDigit(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
    }

    /// "The", "Die", "La", "El", "O", "Il", "De": articles a name may start with.
    static let articles: Set<String> = ["the", "die", "der", "das", "la", "le", "les", "el", "los", "o", "il", "lo", "de", "het"]

    /// The label is the name's words cut short and run together, in order, starting with
    /// the first ("Medical Revenue Partners" at medrevpartners.com): each word used gives
    /// its first three letters or more (or all of a shorter word), later words may be left
    /// out, and at least two are used.
    static func abbreviates(_ label: ArraySlice<UInt8>, _ words: ArraySlice<[UInt8]>, used: Int) -> Bool {
        if label.isEmpty { return used >= 2 }
        guard let word = words.first else { return false }
        let rest = words.dropFirst()
        let longest = zip(label, word).prefix { $0 == $1 }.count
        if longest >= min(3, word.count) {
            for k in stride(from: longest, through: min(3, word.count), by: -1)
            where abbreviates(label.dropFirst(k), rest, used: used + 1) {
                return true
            }
        }
        // Only a word after the first may be left out ("of", "LLC", a middle name).
        return used > 0 && abbreviates(label, rest, used: used)
    }

    /// "firstharborbank" of mail.firstharborbank.com; "bank" of bank.co.uk.
    /// (On bytes where it can: ``OrganisationBytes``; this is the reference.)
    static func organisationLabelOfString(_ domain: String) -> String {
        let labels = ASCII.split(domain, on: ".").map(String.init)
        guard labels.count >= 2 else { return labels.first ?? "" }
        let last = labels[labels.count - 1], second = labels[labels.count - 2]
        // Two-level public suffixes such as co.uk, com.br, org.au.
        if labels.count >= 3 && last.count == 2 && secondLevelLabels.contains(second) {
            return labels[labels.count - 3]
        }
        return second
    }

    /// The labels under which two-letter country codes register organisations (co.uk, com.br).
    static let secondLevelLabels = ["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"]

    /// The recipient's own organisation relayed the message to it: a List-Id under the
    /// organisation's domain, or a visible To/Cc address of the organisation (its list or
    /// alias) that is not itself an envelope recipient. Genuine alerts reach staff through
    /// the organisation's own lists; a lure arrives from a list the attacker owns.
    var ownRelay: String? {
        if let id = ownListId { return "list \(id)" }
        let orgs = recipientOrganisations
        guard !savedListCopy, !orgs.isEmpty else { return nil }
        let rcpts = Set(envelope.rcptTo.map(Self.lowered))
        for m in headers.to + headers.cc where !m.address.isEmpty && !rcpts.contains(m.address) {
            if orgs.contains(Self.organisationDomain(Self.lowered(m.domain))) { return "addressed to \(m.address)" }
        }
        return nil
    }

    /// The List-Id, when it lies under the recipient organisation's domain: its own list
    /// software relayed the message. Unlike an alias in To or Cc (which a lure sent
    /// straight to `info@` reaches as well), only mail posted to the list carries it.
    var ownListId: String? {
        if savedListCopy { return nil }
        guard let id = headers.listId.map(Self.lowered) else { return nil }
        return recipientOrganisations.contains(where: { id.hasSuffix("." + $0) }) ? id : nil
    }

    /// What follows an address's last "@", lower-cased (its last non-empty piece split at
    /// "@"; nil when it has none). An ASCII address is read on its bytes: splitting it into
    /// an array of Substrings and lower-casing the last cost ~3.5 k instructions a recipient.
    /// ``recipientDomainOfString(_:)`` is the reference, and the way outside ASCII.
    static func recipientDomain(_ address: String) -> String? {
        let ascii = address.utf8.withContiguousStorageIfAvailable { b -> String?? in
            guard ASCII.isASCII(b) else { return nil }
            var end = b.count
            while end > 0 && b[end - 1] == UInt8(ascii: "@") { end -= 1 }
            guard end > 0 else { return .some(nil) }
            var start = end
            while start > 0 && b[start - 1] != UInt8(ascii: "@") { start -= 1 }
            return .some(ASCII.lowerString(UnsafeBufferPointer(rebasing: b[start..<end])))
        }
        if let answer = ascii ?? nil { return answer }
        return recipientDomainOfString(address)
    }

    /// ``recipientDomain(_:)`` by splitting the String, as it was first written.
    static func recipientDomainOfString(_ address: String) -> String? {
        ASCII.split(address, on: "@").last.map { String($0).lowercased() }
    }

    /// A Sender Rewriting Scheme return path (a forwarder rewrote the envelope sender).
    /// An ASCII path is read on its bytes, folded in place: lower-casing it into a new
    /// String for three tests was ~1 k instructions a message. ``isSRSOfString(_:)`` is
    /// the reference, and the way outside ASCII.
    static func isSRS(_ path: String) -> Bool {
        let ascii = path.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            guard ASCII.isASCII(b) else { return nil }
            func folded(_ word: StaticString, at i: Int) -> Bool {
                word.withUTF8Buffer { w in
                    guard i + w.count <= b.count else { return false }
                    for k in 0..<w.count where ASCII.lower(b[i + k]) != w[k] { return false }
                    return true
                }
            }
            if folded("srs0=", at: 0) || folded("srs1=", at: 0) { return true }
            var i = 0
            while i < b.count {
                if b[i] == UInt8(ascii: "<"), folded("<srs0=", at: i) { return true }
                i += 1
            }
            return false
        }
        return (ascii ?? nil) ?? isSRSOfString(path)
    }

    /// ``isSRS(_:)`` on the lower-cased String, as it was first written.
    static func isSRSOfString(_ path: String) -> Bool {
        let rp = path.lowercased()
        return rp.hasPrefix("srs0=") || rp.hasPrefix("srs1=") || ASCII.contains(rp, "<srs0=")
    }

    /// Phones that count as evidence: a platform's own published numbers are not.
    func phones(includeOwn: Bool) -> [PhoneFinding] {
        includeOwn ? findings.phones : evidencePhones
    }
}
