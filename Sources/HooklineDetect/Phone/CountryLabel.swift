/// The country a sender names right before a national number ("Netherlands 020 474 7747",
/// "New Zealand: 0800 449 231", "Deutschland (gebührenfrei): 0800 …").
///
/// Dial-in lists, airline and support pages print one number per country, each after the
/// country's name; the message-wide ranking of countries (recipient, language, currency)
/// cannot tell those lines apart, but the label in front of each one does. The names are
/// the countries' own and their names in the seven languages the filter reads, as the
/// normaliser writes them (lower case, accents folded). Two-letter codes are left out
/// ("de", "es" and "it" are words), but for "uk" and "usa".
enum CountryLabel {
    /// How far back to look for the name.
    static let window = 48

    /// Words that may stand between the name and the digits ("UK toll free: 0800 …").
    static let fillers: [[UInt8]] = [
        "toll free", "toll-free", "tollfree", "freephone", "free", "local", "tel", "phone", "telephone", "number",
        "gratis", "gratuito", "gratuit", "gebuhrenfrei", "kostenlos", "numero", "nummer", "telefon", "telefone",
        "telefono", "mobile", "landline", "only", "from", "within", "in", "call", "calls", "dial",
    ].map { Array($0.utf8) }

    static let names: [(String, [String])] = [
        (
            "US",
            [
                "united states", "usa", "u.s.", "u.s.a.", "estados unidos", "etats-unis", "vereinigte staaten", "stati uniti",
                "verenigde staten",
            ]
        ),
        ("CA", ["canada", "kanada", "canada (english)", "canada (french)"]),
        (
            "GB",
            [
                "united kingdom", "uk", "u.k.", "great britain", "england", "scotland", "wales", "reino unido", "royaume-uni",
                "vereinigtes konigreich", "grossbritannien", "regno unito", "verenigd koninkrijk",
            ]
        ),
        ("IE", ["ireland", "irlanda", "irland", "irlande", "ierland"]),
        ("DE", ["germany", "deutschland", "alemania", "allemagne", "alemanha", "germania", "duitsland"]),
        ("AT", ["austria", "osterreich", "oesterreich", "autriche", "oostenrijk"]),
        ("CH", ["switzerland", "schweiz", "suisse", "suiza", "svizzera", "suica", "zwitserland"]),
        ("FR", ["france", "frankreich", "francia", "franca", "frankrijk"]),
        ("BE", ["belgium", "belgique", "belgie", "belgien", "belgica", "belgio"]),
        ("LU", ["luxembourg", "luxemburg", "luxemburgo", "lussemburgo"]),
        (
            "NL",
            [
                "netherlands", "the netherlands", "holland", "nederland", "niederlande", "paises bajos", "pays-bas", "holanda",
                "paesi bassi", "paises baixos",
            ]
        ),
        ("ES", ["spain", "espana", "spanien", "espagne", "espanha", "spagna", "spanje"]),
        ("PT", ["portugal", "portogallo"]),
        ("IT", ["italy", "italia", "italien", "italie", "itália"]),
        ("PL", ["poland", "polska", "polen", "polonia", "pologne"]),
        ("SE", ["sweden", "sverige", "schweden", "suecia", "suede", "svezia", "zweden"]),
        ("DK", ["denmark", "danmark", "danemark", "dinamarca", "danimarca", "denemarken", "daenemark"]),
        ("NO", ["norway", "norge", "norwegen", "noruega", "norvege", "norvegia", "noorwegen"]),
        ("FI", ["finland", "suomi", "finnland", "finlandia", "finlande"]),
        ("BR", ["brazil", "brasil", "brasilien", "bresil", "brasile", "brazilie"]),
        ("MX", ["mexico", "mexiko", "mexique", "messico"]),
        ("AR", ["argentina", "argentinien", "argentine"]),
        ("CO", ["colombia", "kolumbien", "colombie"]),
        ("CL", ["chile", "chili"]),
        ("AU", ["australia", "australien", "australie"]),
        ("NZ", ["new zealand", "nueva zelanda", "neuseeland", "nouvelle-zelande", "nova zelandia", "nuova zelanda", "nieuw-zeeland"]),
        ("IN", ["india", "indien", "inde"]),
        ("SG", ["singapore", "singapur", "singapour"]),
        ("ZA", ["south africa", "sudafrica", "sudafrika", "afrique du sud"]),
        ("JP", ["japan", "japon", "giappone"]),
    ]

    private static let table: [(region: String, name: [UInt8])] = names.flatMap { entry in
        entry.1.map { (region: entry.0, name: Array($0.utf8)) }
    }

    /// The country named right before `offset` in the normalised text, if any.
    ///
    /// Read in the ring (copied only when the window wraps), the window's end moved back as
    /// fillers and punctuation come off it: asked once for each run that holds a national
    /// candidate, the window copied into an array was ~1 k instructions a call.
    static func region(recent: ByteRing, before offset: Int) -> String? {
        let from = max(0, offset - window, recent.total - recent.capacity)
        guard offset > from else { return nil }
        return recent.withBytes(from: from, to: offset) { tail -> String? in
            var n = tail.count
            for _ in 0..<3 {
                while n > 0, isPunctuation(tail[n - 1]) { n -= 1 }
                let rest = UnsafeBufferPointer(rebasing: tail[0..<n])
                if let name = nameWords.longestEnding(rest, joins: isLetter) { return table[name].region }
                guard let filler = fillerWords.longestEnding(rest, joins: fillerJoins) else { return nil }
                n -= fillerWords.words[filler].count
            }
            return nil
        } ?? nil
    }

    /// What ``trimPunctuation(_:)`` takes off the end of a window.
    @inline(__always)
    private static func isPunctuation(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x3A, 0x28, 0x29, 0x2C, 0x2D, 0x3D, 0x7C, 0x09, 0x0A: return true
        default: return false
        }
    }

    /// The bytes a filler must not follow to stand whole (``IdentifierContext/endsWithWord(_:in:)``'s).
    @inline(__always)
    private static func fillerJoins(_ b: UInt8) -> Bool { PhoneCandidates.isWordByte(b) || b >= 0x80 }

    /// ``region(recent:before:)`` as it was (the window copied into an array): for the test
    /// that holds the two equal.
    static func regionReference(recent: ByteRing, before offset: Int) -> String? {
        let from = max(0, offset - window, recent.total - recent.capacity)
        guard offset > from, var tail = recent.bytes(from: from, to: offset) else { return nil }
        for _ in 0..<3 {
            trimPunctuation(&tail)
            if let region = endingName(tail) { return region }
            guard let cut = IdentifierContext.endsWithWord(tail, in: fillerWords) else { return nil }
            tail.removeLast(cut)
        }
        return nil
    }

    private static func trimPunctuation(_ tail: inout [UInt8]) {
        while let last = tail.last, [0x20, 0x3A, 0x28, 0x29, 0x2C, 0x2D, 0x3D, 0x7C, 0x09, 0x0A].contains(last) {
            tail.removeLast()
        }
    }

    /// `fillers` and the names of `table` by last byte (``SuffixWords``).
    private static let fillerWords = SuffixWords(fillers)
    private static let nameWords = SuffixWords(table.map(\.name))

    /// The country whose name `tail` ends with, standing whole: the longest name, the first
    /// in `table` of the longest.
    static func endingName(_ tail: [UInt8]) -> String? {
        nameWords.longestEnding(tail, joins: isLetter).map { table[$0].region }
    }

    /// ``endingName(_:)`` over the whole table, as it was: kept for the test that holds the two equal.
    static func endingNameReference(_ tail: [UInt8]) -> String? {
        var best: (String, Int)?
        for (region, name) in table where tail.count >= name.count && tail.suffix(name.count).elementsEqual(name) {
            let clean = tail.count == name.count || !isLetter(tail[tail.count - name.count - 1])
            if clean && name.count > (best?.1 ?? 0) { best = (region, name.count) }
        }
        return best?.0
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
}
