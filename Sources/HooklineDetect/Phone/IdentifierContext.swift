import HooklineCore

/// What the words right before a digit run say it is, in every language the filter reads.
///
/// A phone number and an order, invoice or account number can have the same digits; what
/// tells them apart is the label the sender put in front ("order no.", "Bestellnummer:",
/// "n° de commande", "IBAN") or a currency sign or code ("R$ ", "EUR "), which makes the
/// digits an amount. The principle is the label, not the message: the words are the
/// generic names of identifiers and money in en, es, de, fr, pt, it and nl.
enum IdentifierContext {
    /// How far back to look for a label before a number.
    static let window = 40

    /// Names of identifiers, as the normaliser spells them (lower case, accents kept).
    static let labels: [[UInt8]] = [
        // en
        "tracking", "track", "tracknum", "shipment", "order", "invoice", "inv", "reference", "ref",
        "transaction", "account", "acct", "confirmation", "awb", "waybill", "parcel", "package",
        "consignment", "serial", "sku", "member", "membership", "policy", "customer", "receipt", "routing",
        "ticket", "iban", "bic", "swift", "vat", "id", "booking", "reservation", "pnr", "authorization", "authorisation",
        "auth code", "case", "claim", "bill", "statement",
        // es / pt
        "pedido", "factura", "fatura", "referencia", "referência", "cuenta", "conta", "compra", "recibo",
        "transacción", "transação", "transacao", "protocolo", "expediente", "nif", "cif", "cpf",
        "cnpj", "nota fiscal", "rastreamento", "seguimiento", "envío", "envio", "iva", "póliza", "apólice",
        "folio", "autorización", "autorizacion", "autorização", "autorizacao", "rastreo", "guía", "guia", "localizador",
        "reserva", "nsu", "boleto", "caso",
        // de
        "bestellung", "bestellnummer", "rechnung", "rechnungsnummer", "kundennummer", "auftrag",
        "auftragsnummer", "sendungsnummer", "sendung", "referenz", "referenznummer", "vorgang",
        "vorgangsnummer", "vertragsnummer", "mitgliedsnummer", "konto", "kontonummer", "ust-idnr", "steuernummer",
        "buchung", "buchungsnummer", "fallnummer", "aktenzeichen",
        // fr
        "commande", "facture", "référence", "dossier", "contrat", "compte", "colis", "suivi", "tva", "siret",
        "réservation", "reservation", "autorisation",
        // it
        "ordine", "fattura", "riferimento", "pratica", "contratto", "spedizione", "codice", "conto", "prenotazione",
        "autorizzazione", "bolletta", "utenza", "polizza",
        // insurance claims (es, pt, it, fr, de, nl)
        "siniestro", "sinistro", "sinistre", "schadennummer", "schadenfall", "schaden", "schadeclaim", "schadenummer",
        // nl
        "bestelling", "bestelnummer", "factuur", "factuurnummer", "referentie", "klantnummer", "ordernummer",
        "rekening", "zending", "dossiernummer", "boeking", "boekingsnummer", "zaaknummer",
        // pl, sv, da, no, fi, cs (the stream is folded: "zamówienie" reads "zamowienie")
        "zamowienie", "zamowienia", "przesylka", "przesylki", "faktura", "fakturanummer", "ordre", "ordrenummer",
        "ordernummer", "bestilling", "bestillingsnummer", "bestallning", "kundenummer", "kundnummer", "tilaus",
        "tilausnumero", "lasku", "laskun", "objednavka", "objednavky", "objednavku", "zasilka", "cislo",
        // dial-in codes
        "pin", "passcode", "access code", "meeting id", "conference id", "kenncode", "zugangscode", "konferenz-id",
        "codice", "codigo", "toegangscode",
        // abbreviated German labels ("Buchungsnr.: 8812-44190")
        "buchungsnr", "auftragsnr", "bestellnr", "rechnungsnr", "kundennr", "vertragsnr", "sendungsnr", "referenznr",
        // tickets
        "billete", "billet", "biglietto", "bilhete", "ticketnummer", "flugschein", "e-ticket", "eticket", "etkt",
        // confirmations, folded as the stream is ("confirmación", "Bestätigung")
        "confirmacion", "confirmacao", "bestatigung", "bestaetigung", "buchungsbestatigung", "bevestiging", "conferma",
        "bekraftelse", "bekreftelse", "bekraeftelse", "vahvistus", "potvrzeni",
    ].map { Array($0.utf8) }

    /// Words for "number" that sit between a label and its digits ("order number", "n° de").
    static let numberWords: [[UInt8]] = [
        "number", "num", "no", "nr", "nro", "id", "code", "número", "numero", "nummer", "numéro", "n°", "nº", "n",
        "de", "du", "do", "da", "di", "del", "van", "der", "la", "le", "el", "of", "your", "votre", "su", "seu", "sua",
        "ihre", "uw", "il", "tu",
    ].map { Array($0.utf8) }

    /// Currency signs and codes that make the digits after them an amount.
    static let currencies: [[UInt8]] = [
        "$", "€", "£", "¥", "₹", "r$", "a$", "mx$", "us$", "c$", "eur", "usd", "gbp", "brl", "inr", "aud", "mxn",
        "chf", "cad", "pln", "zł", "sek", "nok", "dkk", "kr", "rs", "total", "importe", "montant", "betrag",
        "valor", "importo", "bedrag", "amount",
    ].map { Array($0.utf8) }

    /// "order number: ", "Bestellnummer ", "n° de commande ", "R$ " right before `offset`.
    /// `wordsToo: false` asks only whether a currency makes the digits an amount: a toll-free
    /// line written in its own grouping is no account or order number, but "€ 900.123.456"
    /// is still money.
    ///
    /// Read in the ring (copied only when the window wraps), the window's end moved back as
    /// words and punctuation come off it: asked of most runs that hold a number, the window
    /// copied into an array (and its part before a label into another) was ~1.4 k
    /// instructions a call.
    static func labelsIdentifier(recent: ByteRing, before offset: Int, wordsToo: Bool = true) -> Bool {
        let from = max(0, offset - window, recent.total - recent.capacity)
        guard offset > from else { return false }
        return recent.withBytes(from: from, to: offset) { labelsIdentifier(in: $0, wordsToo: wordsToo) } ?? false
    }

    /// ``labelsIdentifier(recent:before:wordsToo:)`` of the window's bytes.
    private static func labelsIdentifier(in tail: UnsafeBufferPointer<UInt8>, wordsToo: Bool) -> Bool {
        var n = trimmed(tail, tail.count)
        let words = Lists.shared
        if wordEnding(tail, n, words.currencies) != nil { return true }
        guard wordsToo else { return false }
        // "…within 24 hours of this invoice: 1 - 8 4 4 …": a label right before the digits,
        // itself after a demonstrative, is a sentence about the thing, not its number's label.
        if let cut = wordEnding(tail, n, words.labels) {
            return wordEnding(tail, trimmed(tail, n - cut), words.demonstratives) == nil
        }
        // Up to three connecting words ("number of your") between label and digits.
        for _ in 0..<3 {
            if wordEnding(tail, n, words.labels) != nil { return true }
            guard let cut = wordEnding(tail, n, words.numberWords) else { return false }
            n = trimmed(tail, n - cut)
        }
        return wordEnding(tail, n, words.labels) != nil
    }

    /// `n` less the punctuation ``trimPunctuation(_:)`` takes off the end of `tail[0..<n]`.
    @inline(__always)
    private static func trimmed(_ tail: UnsafeBufferPointer<UInt8>, _ n: Int) -> Int {
        var n = n
        while n > 0, isPunctuation(tail[n - 1]) { n -= 1 }
        return n
    }

    /// ``endsWithWord(_:in:)`` of `tail[0..<n]`.
    @inline(__always)
    private static func wordEnding(_ tail: UnsafeBufferPointer<UInt8>, _ n: Int, _ words: SuffixWords) -> Int? {
        words.longestEnding(UnsafeBufferPointer(rebasing: tail[0..<n]), joins: isLetter).map { words.words[$0].count }
    }

    /// ``labelsIdentifier(recent:before:wordsToo:)`` as it was (the window copied into an
    /// array): for the test that holds the two equal.
    static func labelsIdentifierReference(recent: ByteRing, before offset: Int, wordsToo: Bool = true) -> Bool {
        let from = max(0, offset - window, recent.total - recent.capacity)
        guard offset > from, var tail = recent.bytes(from: from, to: offset) else { return false }
        trimPunctuation(&tail)
        let words = Lists.shared
        if endsWithWord(tail, in: words.currencies) != nil { return true }
        guard wordsToo else { return false }
        // "…within 24 hours of this invoice: 1 - 8 4 4 …": a label right before the digits,
        // itself after a demonstrative, is a sentence about the thing, not its number's label.
        if let cut = endsWithWord(tail, in: words.labels) {
            var before = Array(tail.dropLast(cut))
            trimPunctuation(&before)
            return endsWithWord(before, in: words.demonstratives) == nil
        }
        // Up to three connecting words ("number of your") between label and digits.
        for _ in 0..<3 {
            if endsWithWord(tail, in: words.labels) != nil { return true }
            guard let cut = endsWithWord(tail, in: words.numberWords) else { return false }
            tail.removeLast(cut)
            trimPunctuation(&tail)
        }
        return endsWithWord(tail, in: words.labels) != nil
    }

    /// The lists above by last byte (``SuffixWords``), built once.
    struct Lists {
        let labels: SuffixWords
        let numberWords: SuffixWords
        let currencies: SuffixWords
        let demonstratives: SuffixWords
        let extensionLabels: SuffixWords
        static let shared = Lists(
            labels: SuffixWords(IdentifierContext.labels), numberWords: SuffixWords(IdentifierContext.numberWords),
            currencies: SuffixWords(IdentifierContext.currencies),
            demonstratives: SuffixWords(IdentifierContext.demonstratives),
            extensionLabels: SuffixWords(IdentifierContext.extensionLabels))
    }

    /// "this", "that", "dieser", "cette", "esta", "questa", "deze", and the definite articles
    /// ("une question sur la commande : 02 35 …"): the thing talked about. Not "de", which
    /// joins a label to its number word ("n° de commande : 123").
    static let demonstratives: [[UInt8]] = [
        "this", "that", "these", "those", "dieser", "diese", "dieses", "diesen", "cette", "ce", "cet", "esta", "este",
        "essa", "esse", "questa", "questo", "deze", "dit", "dat", "the", "la", "le", "les", "el", "los", "las", "der",
        "die", "das", "het", "il", "lo",
    ].map { Array($0.utf8) }

    /// Words that make the group after them an extension.
    static let extensionLabels: [[UInt8]] = [
        "ext", "extension", "durchwahl", "poste", "toestel", "ramal",
    ].map { Array($0.utf8) }

    /// "Ext. 214 " right before `offset`.
    ///
    /// Read in the ring (copied only when the window wraps): asked of every run of nine bytes
    /// or more, the window copied into a new array each time was ~7 allocations a message.
    static func labelsExtension(recent: ByteRing, before offset: Int) -> Bool {
        let from = max(0, offset - 16, recent.total - recent.capacity)
        guard offset > from else { return false }
        return recent.withBytes(from: from, to: offset) { tail in
            var n = tail.count
            while n > 0, isPunctuation(tail[n - 1]) { n -= 1 }
            let words = Lists.shared.extensionLabels
            return words.longestEnding(UnsafeBufferPointer(rebasing: tail[0..<n]), joins: isLetter) != nil
        } ?? false
    }

    /// ``labelsExtension(recent:before:)`` as it was (the window copied into an array): for
    /// the test that holds the two equal.
    static func labelsExtensionReference(recent: ByteRing, before offset: Int) -> Bool {
        let from = max(0, offset - 16, recent.total - recent.capacity)
        guard offset > from, var tail = recent.bytes(from: from, to: offset) else { return false }
        trimPunctuation(&tail)
        return endsWithWord(tail, in: Lists.shared.extensionLabels) != nil
    }

    /// The run goes on from a code that mixes letters and digits ("Tracking: 1Z 7W3 91A 03
    /// 4418 2210"): a parcel, booking or licence code spaced in blocks, whose last digits
    /// can read as a number. Words never hold digits, so this is no label list; one such
    /// token ("within 24h") is a unit, two blocks in a row are a code.
    ///
    /// Read in the ring (copied only when the window wraps), token by token from the end: the
    /// window copied into an array and split into more cost ~4 allocations a call.
    static func continuesCode(recent: ByteRing, before offset: Int) -> Bool {
        let from = max(0, offset - 24, recent.total - recent.capacity)
        guard offset > from else { return false }
        return recent.withBytes(from: from, to: offset) { tail in
            guard let last = tail.last, last == 0x20 else { return false }
            // The two tokens before the closing space, each ending at a space (the window's
            // first token ends the search): both must be letters and digits, and hold both.
            var end = tail.count - 1
            for k in 0..<2 {
                var start = end
                while start > 0 && tail[start - 1] != 0x20 { start -= 1 }
                // Fewer than two tokens: the window holds no space before the last one.
                if k == 1 || start > 0 {
                    var digit = false
                    var alpha = false
                    for i in start..<end {
                        let b = tail[i]
                        if ASCII.isDigit(b) { digit = true } else if ASCII.isAlpha(b) { alpha = true } else { return false }
                    }
                    guard digit && alpha else { return false }
                } else {
                    return false
                }
                end = start - 1
            }
            return true
        } ?? false
    }

    /// ``continuesCode(recent:before:)`` as it was (the window copied and split): for the
    /// test that holds the two equal.
    static func continuesCodeReference(recent: ByteRing, before offset: Int) -> Bool {
        let from = max(0, offset - 24, recent.total - recent.capacity)
        guard offset > from, let tail = recent.bytes(from: from, to: offset), tail.last == 0x20 else { return false }
        let tokens = tail.dropLast().split(separator: 0x20, omittingEmptySubsequences: false).reversed().prefix(2)
        return tokens.count == 2
            && tokens.allSatisfy { token in
                token.allSatisfy { ASCII.isAlpha($0) || ASCII.isDigit($0) }
                    && token.contains(where: ASCII.isDigit) && token.contains(where: ASCII.isAlpha)
            }
    }

    private static func trimPunctuation(_ window: inout [UInt8]) {
        while let last = window.last, isPunctuation(last) { window.removeLast() }
    }

    /// What ``trimPunctuation(_:)`` takes off the end of a window.
    @inline(__always)
    private static func isPunctuation(_ b: UInt8) -> Bool {
        b == 0x20 || b == UInt8(ascii: ":") || b == UInt8(ascii: "#") || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "=")
    }

    /// Length of the word from `words` that `window` ends with, standing as a whole word.
    static func endsWithWord(_ window: [UInt8], in words: SuffixWords) -> Int? {
        words.longestEnding(window, joins: isLetter).map { words.words[$0].count }
    }

    /// ``endsWithWord(_:in:)`` over the whole list, as it was: kept for the test that holds the two equal.
    static func endsWithWordReference(_ window: [UInt8], in words: [[UInt8]]) -> Int? {
        var best: Int?
        for w in words where window.count >= w.count && window.suffix(w.count).elementsEqual(w) {
            let clean = window.count == w.count || !isLetter(window[window.count - w.count - 1])
            if clean && w.count > (best ?? 0) { best = w.count }
        }
        return best
    }

    /// ASCII letters and digits, and any byte of a multi-byte letter ("é" in "référence").
    private static func isLetter(_ b: UInt8) -> Bool {
        PhoneCandidates.isWordByte(b) || b >= 0x80
    }
}
